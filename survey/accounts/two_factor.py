"""Second factor (TOTP) for researchers and administrators, when settings.REQUIRE_2FA is on.

The middleware sends a signed-in researcher who has not confirmed a code in this session to
verification (or to setting up an authenticator app, the first time) before any researcher or
administrator page, and before the Django admin.
"""

from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from survey import audit
from survey.access import ADMINISTRATOR, RESEARCHER, is_researcher


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (its secret is shown once as a QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def device_confirm(*, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


BACKUP_CODES = 10


def _log(*, user, by, message: str) -> None:
    audit.record(by=by or user, obj=user, message=message)


@transaction.atomic
def backup_codes_create(*, user, by=None) -> list[str]:
    """Ten new one-time backup codes (any earlier ones stop working); only their owner sees
    them, once: the database keeps them for verification only."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    _log(user=user, by=by, message="second factor: backup codes created")
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def device_reset(*, user, by) -> None:
    """A lost authenticator: remove every device and backup code; the next sign-in sets up
    a new one."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    _log(user=user, by=by, message="second factor reset by an administrator")


def needs_second_factor(request, view_func) -> bool:
    user = request.user
    if not settings.REQUIRE_2FA or not is_researcher(user) or user.is_verified():
        return False
    if getattr(view_func, "two_factor_exempt", False):
        return False
    rule = getattr(view_func, "access_rule", None)
    return rule in (RESEARCHER, ADMINISTRATOR) or request.path.startswith(reverse("admin:index"))


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not needs_second_factor(request, view_func):
            return None
        name = "two_factor_verify" if has_confirmed_device(request.user) else "two_factor_setup"
        return redirect(
            reverse(f"results:{name}") + "?" + urlencode({"next": request.get_full_path()})
        )
