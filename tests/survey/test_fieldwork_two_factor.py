"""With REQUIRE_2FA on, researchers and administrators confirm a TOTP code before their pages."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from survey.accounts.two_factor import backup_codes_create

pytestmark = pytest.mark.django_db


def code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@override_settings(REQUIRE_2FA=True)
def test_a_researcher_sets_up_totp_before_any_researcher_page(client, researcher):
    client.force_login(researcher)
    target = reverse("results:manage_index")
    page = client.get(target)
    assert page.status_code == 302
    assert page.url.startswith(reverse("results:two_factor_setup"))
    setup = client.get(page.url)
    assert b"<svg" in setup.content
    device = TOTPDevice.objects.get(user=researcher, confirmed=False)
    wrong = client.post(page.url, {"token": "000000", "next": target})
    assert wrong.status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # wrong codes are throttled
    device.throttle_reset()
    done = client.post(page.url, {"token": code(device), "next": target})
    # The backup codes, shown this once, then on to the page asked for.
    assert done.status_code == 200 and done["Cache-Control"] == "no-store, private"
    codes = [t.token for t in StaticToken.objects.filter(device__user=researcher)]
    assert len(codes) == 10 and all(c in done.text for c in codes)
    assert f'href="{target}"' in done.text
    assert client.get(target).status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_a_researcher_with_a_device_verifies_after_signing_in_and_the_admin_is_guarded(
    client, administrator
):
    device = TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    client.force_login(administrator)
    page = client.get(reverse("admin:index"))
    assert page.url.startswith(reverse("results:two_factor_verify"))
    # Setting up a second device is not a way around the first one.
    assert client.get(reverse("results:two_factor_setup")).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 302
    client.post(reverse("results:two_factor_verify"), {"token": code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_respondents_are_not_asked_for_a_second_factor(client, chief_a):
    client.force_login(chief_a)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("results:manage_index")).status_code == 404


def test_without_require_2fa_researchers_go_straight_in(client, researcher):
    client.force_login(researcher)
    assert client.get(reverse("results:manage_index")).status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_a_backup_code_signs_in_once_and_its_creation_is_recorded(client, administrator):
    TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    codes = backup_codes_create(user=administrator)
    assert LogEntry.objects.filter(
        object_id=str(administrator.pk), change_message__contains="backup codes created"
    ).exists()
    client.force_login(administrator)
    page = client.post(reverse("results:two_factor_verify"), {"token": codes[0]}, follow=True)
    assert "9 are left" in page.text
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    client.force_login(administrator)
    again = client.post(reverse("results:two_factor_verify"), {"token": codes[0]})
    assert again.status_code == 200 and "not valid" in again.text


@override_settings(REQUIRE_2FA=True)
def test_an_administrator_resets_a_lost_device_and_it_is_recorded(client, administrator):
    from tests.factories import ResearcherFactory

    lost = ResearcherFactory(email="lost@example.be")
    TOTPDevice.objects.create(user=lost, name="app", confirmed=True)
    backup_codes_create(user=lost)
    TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    codes = backup_codes_create(user=administrator)
    client.force_login(administrator)
    client.post(reverse("results:two_factor_verify"), {"token": codes[0]})
    page = client.post(
        reverse("admin:survey_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [lost.pk]},
    )
    assert page.status_code == 302
    assert not TOTPDevice.objects.filter(user=lost).exists()
    assert not StaticToken.objects.filter(device__user=lost).exists()
    entry = LogEntry.objects.get(object_id=str(lost.pk), change_message__contains="reset")
    assert entry.user == administrator
    client.force_login(lost)
    assert client.get(reverse("results:manage_index")).url.startswith(
        reverse("results:two_factor_setup")
    )
