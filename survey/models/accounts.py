"""People: zone chiefs and their colleagues, researchers, administrators."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_researcher=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """Signs in with an e-mail address. Administrators are superusers."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    is_researcher = models.BooleanField(
        _("researcher"),
        default=False,
        help_text=_("Manages editions, zones, fieldwork and results."),
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class ZoneMembership(models.Model):
    class Role(models.TextChoices):
        CHIEF = "chief", _("Zone chief")
        COLLEAGUE = "colleague", _("Colleague")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    zone = models.ForeignKey("survey.Zone", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "zone"], name="membership_unique")]
        verbose_name = _("zone membership")

    def __str__(self) -> str:
        return f"{self.user} – {self.zone} ({self.get_role_display()})"


class Session(AbstractBaseSession):
    """A browser's session, with the signed-in user as a column of its own: the session
    middleware reads both in one query (survey/accounts/sessions.py), and a person's sessions
    are found (and ended) without decoding every session."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")

    @classmethod
    def get_session_store_class(cls):
        # Decoding is the same for every database store; Django's needs no import from the
        # layers above the models.
        from django.contrib.sessions.backends.db import SessionStore

        return SessionStore


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def by_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class Invitation(models.Model):
    """A one-time, expiring link bound to one zone; only the hash of its token is stored."""

    zone = models.ForeignKey("survey.Zone", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=ZoneMembership.Role)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.email} → {self.zone.code}"
