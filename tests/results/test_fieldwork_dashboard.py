"""The fieldwork dashboard's zone list: search, filters, sorting and paging done by the database,
a query count that does not grow with the population, and no bad address that breaks it."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from survey.fieldwork.campaigns import campaign_create
from survey.models import Response, ZoneMembership
from tests import factories as f

URL = reverse("results:fieldwork_dashboard", args=["2026"])
CSV_URL = reverse("results:fieldwork_csv", args=["2026"])


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def edition(db):
    edition = f.EditionFactory(code="2026", regions=["VL", "WA"])
    f.questionnaire(edition=edition, items=1)
    f.questionnaire(edition=edition, kind="events", items=1)
    return edition


@pytest.fixture
def zones(edition, researcher):
    """One zone in each status, with names, contacts and moments to search and sort by."""
    general, events = edition.modules.get(kind="general"), edition.modules.get(kind="events")
    quiet = f.ZoneFactory(code="1001", name_nl="Zeebrugge", contact_name="Piet Peeters")
    invited = f.ZoneFactory(code="1002", name_nl="Aalst", contact_email="korps@aalst.be")
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[invited])
    activated = f.ZoneFactory(code="1003", name_nl="Mechelen")
    f.MembershipFactory(zone=activated)
    started = f.ZoneFactory(code="2004", region="WA", name_nl="", name_fr="Namur")
    f.ResponseFactory(zone=started, module=general)
    done = f.ZoneFactory(code="2005", region="WA", name_nl="", name_fr="Liège")
    f.SubmittedResponseFactory(zone=done, module=general)
    f.SubmittedResponseFactory(zone=done, module=events)
    long_ago = timezone.now() - dt.timedelta(days=300)
    Response.objects.filter(zone=done).update(updated_at=long_ago)
    ZoneMembership.objects.filter(zone=activated).update(
        created_at=timezone.now() - dt.timedelta(days=100)
    )
    return {z.code: z for z in (quiet, invited, activated, started, done)}


def listed(page) -> list[str]:
    """The zone codes of the table, in its order."""
    return re.findall(
        r'<th scope="row"><a href="/results/manage/zones/(\w+)/"', page.content.decode()
    )


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("100", ["1001", "1002", "1003"]),  # code
        ("aalst", ["1002"]),  # Dutch name
        ("namur", ["2004"]),  # French name
        ("peeters", ["1001"]),  # contact name
        ("korps@", ["1002"]),  # contact e-mail
        ("nowhere", []),
    ],
)
def test_the_search_looks_in_code_names_and_contact(signed_in, zones, search, found):
    page = signed_in.get(URL, {"q": search})
    assert listed(page) == found
    if not found:
        assert "No zone matches these filters." in page.content.decode()


@pytest.mark.parametrize(
    ("status", "found"),
    [
        ("not_invited", ["1001"]),
        ("invited", ["1002"]),
        ("activated", ["1003"]),
        ("in_progress", ["2004"]),
        ("submitted", ["2005"]),
    ],
)
def test_the_status_filter_uses_the_fieldwork_statuses(signed_in, zones, status, found):
    assert listed(signed_in.get(URL, {"status": status})) == found


def test_region_and_module_filters_combine_with_search_and_status(signed_in, zones):
    assert listed(signed_in.get(URL, {"region": "WA"})) == ["2004", "2005"]
    assert listed(signed_in.get(URL, {"region": "WA", "status": "submitted"})) == ["2005"]
    # Over the general module alone, the zone that started it is still in progress.
    assert listed(signed_in.get(URL, {"module": "general", "status": "in_progress"})) == ["2004"]
    assert listed(signed_in.get(URL, {"q": "u", "region": "WA"})) == ["2004"]
    assert listed(signed_in.get(URL, {"q": "namur", "region": "VL"})) == []


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("code", ["1001", "1002", "1003", "2004", "2005"]),
        ("-code", ["2005", "2004", "1003", "1002", "1001"]),
        ("name", ["1002", "2005", "1003", "2004", "1001"]),  # Aalst, Liège, Mechelen, Namur, …
        ("-name", ["1001", "2004", "1003", "2005", "1002"]),
        ("status", ["1001", "1002", "1003", "2004", "2005"]),
        ("-status", ["2005", "2004", "1003", "1002", "1001"]),
        # Zone 1001 never had any activity: the oldest; 2005 answered 300 days ago.
        ("activity", ["1001", "2005", "1003", "1002", "2004"]),
        ("-activity", ["2004", "1002", "1003", "2005", "1001"]),
    ],
)
def test_the_zones_sort_both_ways_by_code_name_status_and_last_activity(
    signed_in, zones, sort, order
):
    page = signed_in.get(URL, {"sort": sort})
    assert listed(page) == order
    column = "ascending" if not sort.startswith("-") else "descending"
    assert f'aria-sort="{column}"' in page.content.decode()


@pytest.fixture
def population(edition):
    return [f.ZoneFactory(code=f"{1000 + n}") for n in range(60)]


def test_fifty_zones_a_page_with_links_to_the_others(signed_in, population):
    first = signed_in.get(URL, {"status": "not_invited"})
    text = first.content.decode()
    assert listed(first) == [f"{1000 + n}" for n in range(50)]
    assert "Zones 1–50 of 60" in text and "Page 1 of 2" in text
    assert "?status=not_invited&amp;page=2#zones" in text
    second = signed_in.get(URL, {"status": "not_invited", "page": 2})
    assert listed(second) == [f"{1000 + n}" for n in range(50, 60)]
    smaller = signed_in.get(URL, {"per_page": 25, "page": 3})
    assert listed(smaller) == [f"{1000 + n}" for n in range(50, 60)]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "lost"},
        {"sort": "shoe-size"},
        {"per_page": "7"},
        {"per_page": "x"},
        {"region": "XX"},
        {"module": "nope"},
        {"q": "x" * 500},
        {"page": "abc"},
        {"page": "999"},
        {"page": "-1"},
        {"status": ["invited", "lost"]},  # the last of repeated values counts
    ],
    ids=str,
)
def test_a_bad_parameter_is_reported_or_falls_back_never_an_error(signed_in, population, query):
    page = signed_in.get(URL, query)
    assert page.status_code == 200
    assert len(listed(page)) in (10, 50)  # the first or last page of all zones
    if "page" not in query:
        assert "could not be used and were left out" in page.content.decode()


def test_the_csv_lists_every_zone_by_code_whatever_the_page_shows(signed_in, zones):
    rows = list(
        csv.reader(io.StringIO(signed_in.get(CSV_URL).content.decode("utf-8-sig")), delimiter=";")
    )
    assert [r[0] for r in rows[1:]] == ["1001", "1002", "1003", "2004", "2005"]
    paged = signed_in.get(CSV_URL, {"sort": "-code", "per_page": 25, "page": 2})
    assert paged.content == signed_in.get(CSV_URL).content
    page = signed_in.get(URL, {"region": "WA", "sort": "-code"}).content.decode()
    assert f'href="{CSV_URL}"' in page  # all zones, the default
    assert f'href="{CSV_URL}?region=WA"' in page  # the separate, filtered download
    only = signed_in.get(CSV_URL, {"region": "WA", "q": "liè"}).content.decode("utf-8-sig")
    assert [line.split(";")[0] for line in only.splitlines()[1:]] == ["2005"]


def test_without_filters_there_is_only_the_download_of_all_zones(signed_in, zones):
    page = signed_in.get(URL).content.decode()
    assert f'href="{CSV_URL}"' in page and f'href="{CSV_URL}?' not in page


def _populate(edition, researcher, n):
    general = edition.modules.get(kind="general")
    zones = [f.ZoneFactory(code=f"{3000 + i}", contact_email=f"z{i}@pz.be") for i in range(n)]
    for zone in zones[::3]:
        f.MembershipFactory(zone=zone)
        f.SubmittedResponseFactory(zone=zone, module=general)
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=zones[1::3])


# The session with its user, edition, module choices, rates, campaigns, count, page, responses, …
MAX_QUERIES = 15


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize(
    "query", [{}, {"sort": "-activity", "status": "submitted", "module": "general", "q": "3"}]
)
def test_the_dashboard_needs_a_fixed_number_of_queries_for_any_population(
    signed_in, edition, researcher, django_assert_max_num_queries, n, query
):
    _populate(edition, researcher, n)
    with django_assert_max_num_queries(MAX_QUERIES):
        page = signed_in.get(URL, {**query, "per_page": 200})
    assert page.status_code == 200 and listed(page)


@pytest.mark.parametrize("n", [10, 200])
def test_the_csv_needs_a_fixed_number_of_queries_for_any_population(
    signed_in, edition, researcher, django_assert_max_num_queries, n
):
    _populate(edition, researcher, n)
    with django_assert_max_num_queries(MAX_QUERIES):
        download = signed_in.get(CSV_URL)
    assert len(download.content.decode("utf-8-sig").splitlines()) == n + 1


def test_zone_chiefs_and_anonymous_visitors_never_see_the_dashboard(client, zones, chief_a):
    for url in (URL, CSV_URL):
        assert client.get(url).status_code in (302, 404)
    client.force_login(chief_a)
    for url in (URL, CSV_URL):
        assert client.get(url).status_code == 404  # researcher pages do not exist for them


def test_the_response_rates_are_read_once_per_data_version_and_shown_at_once(
    signed_in, edition, researcher, monkeypatch
):
    from results.manage import fieldwork

    computed = {"n": 0}
    rates = fieldwork.edition_response_rates

    def counting(edition):
        computed["n"] += 1
        return rates(edition)

    monkeypatch.setattr(fieldwork, "edition_response_rates", counting)
    _populate(edition, researcher, 6)  # zones 3000 and 3003 submitted the general module
    assert "2/6" in rate_row(signed_in.get(URL))
    assert "2/6" in rate_row(signed_in.get(URL))
    assert computed["n"] == 1

    zone = f.ZoneFactory(code="3999")
    f.SubmittedResponseFactory(zone=zone, module=edition.modules.get(kind="general"))

    assert "3/7" in rate_row(signed_in.get(URL))


def rate_row(page) -> str:
    """The general module's row of the response-rate table."""
    html = page.content.decode()
    start = html.index('<th scope="row">', html.index("Response rate"))
    return html[start : html.index("</tr>", start)]


def status_of(page, code) -> str:
    """The status a zone's row of the table shows."""
    row = re.search(
        rf'zones/{code}/">{code}</a>[^<]*</th>\s*<td>[^<]*</td><td>([^<]*)</td>',
        page.content.decode(),
    )
    return row.group(1)


def test_the_zone_list_is_read_once_then_follows_every_change_of_a_zones_progress(
    signed_in, zones, edition, researcher, monkeypatch
):
    """The zones' section is cached: no version follows memberships and e-mails, so it is keyed
    on their stamp as well as on the data version (responses, zones)."""
    from results.manage import fieldwork
    from survey.fieldwork.campaigns import email_deliver
    from survey.models import OutgoingEmail

    read = {"n": 0}
    zones_page = fieldwork._zones_page

    def counting(*args):
        read["n"] += 1
        return zones_page(*args)

    monkeypatch.setattr(fieldwork, "_zones_page", counting)
    invitation = OutgoingEmail.objects.get(zone__code="1002")  # sent at once in the tests
    OutgoingEmail.objects.filter(pk=invitation.pk).update(status="queued", sent_at=None)
    assert status_of(signed_in.get(URL), "1001") == "Not invited"
    assert status_of(signed_in.get(URL), "1002") == "Not invited"  # queued, not sent yet
    assert read["n"] == 1

    email_deliver(invitation.pk, can_retry=False)
    assert status_of(signed_in.get(URL), "1002") == "Invited"

    f.MembershipFactory(zone=zones["1001"])
    assert status_of(signed_in.get(URL), "1001") == "Account activated"

    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["1003"]])
    OutgoingEmail.objects.filter(zone__code="1003").update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now()
    )  # in bulk: no signal
    page = signed_in.get(URL, {"sort": "-activity"})
    assert listed(page)[0] == "1003"

    # Answering moves a response's last activity in bulk, not the data version.
    Response.objects.filter(zone=zones["2005"]).update(updated_at=timezone.now())
    assert listed(signed_in.get(URL, {"sort": "-activity"}))[0] == "2005"

    for module in edition.modules.all():
        f.SubmittedResponseFactory(zone=zones["1001"], module=module)
    assert status_of(signed_in.get(URL), "1001") == "Submitted"
    assert "2/" in rate_row(signed_in.get(URL))
    assert read["n"] == 6  # once for each state of the data (and the sorted address)


def test_a_cached_zone_list_is_never_shown_for_other_filters_or_another_page(signed_in, zones):
    assert listed(signed_in.get(URL)) == ["1001", "1002", "1003", "2004", "2005"]
    assert listed(signed_in.get(URL, {"region": "WA"})) == ["2004", "2005"]
    assert listed(signed_in.get(URL, {"sort": "-code"}))[0] == "2005"
    assert listed(signed_in.get(URL, {"per_page": 25, "page": 2})) == [
        "1001",
        "1002",
        "1003",
        "2004",
        "2005",
    ]
    assert listed(signed_in.get(URL)) == ["1001", "1002", "1003", "2004", "2005"]
