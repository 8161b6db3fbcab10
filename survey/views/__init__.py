"""Respondent views: accounts, answering a module, colleagues."""

from .accounts import (
    SignInView,
    invitation_accept,
    password_reset,
    password_reset_complete,
    password_reset_confirm,
    password_reset_done,
    sign_in,
    sign_out,
)
from .answering import (
    home,
    module_autosave,
    module_page,
    module_print,
    module_review,
)
from .colleagues import colleagues, invitation_revoke

__all__ = [
    "SignInView",
    "sign_in",
    "colleagues",
    "home",
    "invitation_accept",
    "invitation_revoke",
    "module_autosave",
    "module_page",
    "module_print",
    "module_review",
    "password_reset",
    "password_reset_complete",
    "password_reset_confirm",
    "password_reset_done",
    "sign_out",
]
