"""The zone register's list is rendered once per data version, language and address, and follows
every change of the zones: an edit, the retention clearing old contacts, another page or filter."""

import datetime as dt

import pytest
from django.urls import reverse

from survey.accounts.retention import retention_apply
from survey.models import Zone
from tests import factories as f

URL = reverse("results:zone_list")


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


def test_the_cached_list_follows_edits_the_retention_and_the_address(signed_in):
    old = f.ZoneFactory(
        code="1001", contact_name="Piet Peeters", valid_to=dt.date.today() - dt.timedelta(3650)
    )
    for code in range(2000, 2060):
        f.ZoneFactory(code=str(code))
    assert "Piet Peeters" in signed_in.get(URL).content.decode()
    old.contact_name = "Jan Janssens"
    old.save()
    assert "Jan Janssens" in signed_in.get(URL).content.decode()

    retention_apply()
    assert Zone.objects.get(code="1001").contact_name == ""
    assert "Jan Janssens" not in signed_in.get(URL).content.decode()

    second = signed_in.get(URL, {"page": 2}).content.decode()
    assert "2059" in second and "1001" not in second
    found = signed_in.get(URL, {"q": "2059"}).content.decode()
    assert "2059" in found and "2000" not in found
    assert "2000" in signed_in.get(URL).content.decode()
