"""Every page of the demo that a chief, a researcher or an administrator can reach, the admin
included, at desktop (1280 px) and phone (390 px) width: axe-core finds no serious or critical
violation, and no page is wider than the screen.

The pages are enumerated from the URLconf (as tests/test_url_access.py does), so a page added
later is checked without editing this test; URL keyword arguments are filled from the demo data
by `DemoValues`. Endpoints that do not answer HTML to a GET (downloads, charts, POST-only
actions, redirects) are skipped; a page whose keyword arguments cannot be filled, or that answers
an error, fails the test with its name, so no page is silently left out.
"""

import re
from dataclasses import dataclass
from datetime import date
from itertools import groupby

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from survey.access import ADMINISTRATOR, PUBLIC, RESEARCHER, SIGNED_IN, ZONE
from tests.browser.conftest import AXE

pytestmark = [pytest.mark.browser, pytest.mark.every_page]

VIEWPORTS = ({"width": 1280, "height": 900}, {"width": 390, "height": 844})
PARAMETER = re.compile(r"\(\?P<(?P<group>\w+)>(?P<regex>[^)]*)\)|<(?:[^>:]+:)?(?P<name>\w+)>")
SKIPPED = {"set_language", "admin:jsi18n", "admin:view_on_site"}
# Downloads (PDF, CSV, JSON, charts, exports) are no pages; skipping them by their route
# spares rendering a PDF or an export just to find that out.
DOWNLOAD = re.compile(r"(pdf/|\.csv|\.json|/export/|<str:fmt>/)$|\(\?P<fmt>")
PASSWORD = "demo-password-1"  # noqa: S105 - the demo's published password
ADMIN = "admin"
EMPTY = ()  # an admin model without any object: its object pages cannot be reached
# Who visits the pages of each access rule (survey/access.py); the admin site is its own rule.
VISITORS = {
    PUBLIC: ("anonymous",),
    SIGNED_IN: ("chief", "researcher"),
    ZONE: ("chief",),
    RESEARCHER: ("researcher",),
    ADMINISTRATOR: ("administrator",),
    ADMIN: ("administrator",),
}
EMAILS = {
    "chief": "chef.nl@demo.invalid",
    "researcher": "researcher@demo.invalid",
    "administrator": "admin@demo.invalid",
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str
    rule: str | None


def endpoints(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from endpoints(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = ":".join(filter(None, [namespace, pattern.name]))
            if name in SKIPPED:
                continue
            rule = getattr(pattern.callback, "access_rule", None)
            yield Endpoint(
                name, prefix + str(pattern.pattern), ADMIN if ns_is_admin(name) else rule
            )


def ns_is_admin(name):
    return name.startswith("admin:")


def parameters(route):
    """(name, alternatives) of each keyword argument; alternatives for `(?P<x>a|b)` groups."""
    for match in PARAMETER.finditer(route):
        name = match.group("group") or match.group("name")
        regex = match.group("regex") or ""
        words = regex.split("|") if re.fullmatch(r"[\w|-]+", regex) else []
        yield name, words


class DemoValues:
    """URL keyword arguments from the demo, plus the few objects the demo lacks (a draft
    edition, an e-mail campaign, an invitation, released reports, a pending import), made
    through the same services the pages use."""

    def __init__(self):
        from results.data.pending_imports import pending_import_create
        from results.reports.release import reports_release
        from survey.accounts.invitations import invitation_create
        from survey.fieldwork.campaigns import campaign_create
        from survey.models import (
            AnswerQuery,
            Category,
            EmailTemplate,
            Item,
            Module,
            Objective,
            Response,
            User,
            Zone,
        )
        from survey.questionnaire.editions import edition_copy

        self.users = {role: User.objects.get(email=email) for role, email in EMAILS.items()}
        researcher = self.users["researcher"]
        self.zone = self.users["chief"].memberships.get().zone
        current = Module.objects.get(edition__code="2026", kind="general")
        self.draft = edition_copy(
            source=current.edition,
            code="2029",
            name_nl="Proefeditie 2029",
            fieldwork_start=date(2029, 1, 1),
            fieldwork_end=date(2029, 6, 30),
            by=researcher,
        )
        past = Module.objects.filter(edition__code="2023").first().edition
        reports_release(edition=past, by=researcher)
        campaign = campaign_create(
            edition=current.edition,
            kind="invitation",
            by=researcher,
            zones=Zone.objects.filter(code__in=["9002", "9003"]),
        )
        invitation, self.token = invitation_create(zone=self.zone, email="nieuw@demo.invalid")
        self.pending = pending_import_create(
            module=Module.objects.get(edition__code="2023", kind="general"),
            filename="leeg.csv",
            content=b"zone\n",
            replace=False,
            user=researcher,
        ).pk
        self.response = Response.objects.get(zone=self.zone, module=current).pk
        self.query = AnswerQuery.objects.filter(response_id=self.response).first().pk
        draft_events = Module.objects.get(edition=self.draft, kind="events")
        self.pks = {
            "results:category_edit": Category.objects.filter(items__module=draft_events).first().pk,
            "results:item_edit": Item.objects.filter(module=draft_events).first().pk,
            "results:objective_edit": Objective.objects.filter(module=draft_events).first().pk,
            "results:campaign_detail": campaign.campaign.pk,
            "results:email_template_edit": EmailTemplate.objects.order_by("pk").first().pk,
            "results:email_template_preview": EmailTemplate.objects.order_by("pk").first().pk,
            "results:email_template_test": EmailTemplate.objects.order_by("pk").first().pk,
            "results:researcher_toggle": researcher.pk,
            "results:item_move": Item.objects.filter(module=draft_events).first().pk,
            "results:objective_move": Objective.objects.filter(module=draft_events).first().pk,
            "results:campaign_retry": campaign.campaign.pk,
            "zone_invitation_revoke": invitation.pk,
            "results:quality_rule_delete": 1,  # POST only: skipped
        }

    def edition(self, endpoint):
        if "manage/editions/" in endpoint.route and "<int:pk>" in endpoint.route:
            return [self.draft.code]  # the pks are the draft's objects
        if "manage/editions/" in endpoint.route:
            return [self.draft.code, "2026"]
        if endpoint.rule == ZONE and "reports" not in endpoint.route:
            return ["2026"]
        return ["2023"]

    def choices(self, endpoint, name, words):  # noqa: PLR0911 - one answer per keyword
        """The values to visit for one keyword argument ([] when unknown)."""
        if words:
            return words
        known = {
            "zone": [self.zone.code],
            "module": ["general", "events"],
            "other": ["2020"],
            "response": [self.response],
            "token": [self.token],
            "pending": [self.pending],
            "fmt": ["csv"],
            "table": ["items"],
            "query": [self.query],
            "uidb64": [urlsafe_base64_encode(force_bytes(self.users["chief"].pk))],
        }
        if name == "edition":
            return self.edition(endpoint)
        if name in known:
            return known[name]
        if name == "pk" and endpoint.name in self.pks:
            return [self.pks[endpoint.name]]
        if name in ("object_id", "pk") and (model := admin_model(endpoint.name)):
            first = model._default_manager.order_by("pk").first()
            return [first.pk] if first else EMPTY
        if name == "id" and endpoint.name == "admin:auth_user_password_change":
            return [self.users["chief"].pk]
        return []

    def paths(self, endpoint) -> list[str] | None:
        """The concrete paths of an endpoint (one per combination), None when unknown."""
        combinations = [{}]
        for name, words in parameters(endpoint.route):
            values = self.choices(endpoint, name, words)
            if values is EMPTY:
                return []  # an admin page of an object none of which exists in the demo
            if not values:
                return None
            combinations = [{**c, name: v} for c in combinations for v in values]
        return [reverse(endpoint.name, kwargs=kwargs) for kwargs in combinations]


def admin_model(name):
    for model in admin.site._registry:
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def plan(values):
    """{visitor: [(endpoint name, path)]} and the endpoints whose arguments are unknown."""
    visits, unknown = [], []
    for endpoint in endpoints():
        if DOWNLOAD.search(endpoint.route.rstrip("$").replace("\\.", ".")):
            continue
        paths = values.paths(endpoint)
        if paths is None:
            unknown.append(f"{endpoint.name} ({endpoint.route})")
            continue
        for visitor in VISITORS.get(endpoint.rule, ()):
            visits.extend((visitor, endpoint.name, path) for path in paths)
    visits.sort(key=lambda visit: visit[0])
    return visits, unknown


def check(page, viewport):
    """Serious or critical axe violations and horizontal overflow at this viewport."""
    page.set_viewport_size(viewport)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const found = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return {
                violations: found.violations
                    .filter((v) => ['serious', 'critical'].includes(v.impact))
                    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3)
                        .map((n) => n.target.join(' ')).join(', ')}`),
                width: document.documentElement.scrollWidth,
            };
        }"""
    )
    problems = list(result["violations"])
    if result["width"] > viewport["width"]:
        problems.append(f"page is {result['width']} px wide")
    return problems


def open_context(chromium, live_server, visitor):
    context = chromium.new_context(
        base_url=live_server.url,
        locale="nl",
        extra_http_headers={"Accept-Language": "nl"},
        bypass_csp=True,  # axe is injected; the CSP itself is checked by the other tests
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    if visitor != "anonymous":
        page.goto("/accounts/login/")
        page.fill("input[name=username]", EMAILS[visitor])
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"sign-in failed for {visitor}"
    return context, page


def test_every_page_is_accessible_and_fits_the_screen(chromium, live_server, transactional_db):
    from survey.demo.seed import demo_seed

    demo_seed()
    values = DemoValues()
    visits, unknown = plan(values)
    assert not unknown, (
        "Pages whose URL arguments this test cannot fill from the demo (add them to "
        "DemoValues in tests/browser/test_every_page.py):\n" + "\n".join(unknown)
    )
    failures, checked = [], 0
    for visitor, group in groupby(visits, key=lambda visit: visit[0]):
        context, page = open_context(chromium, live_server, visitor)
        for _visitor, name, path in group:
            head = context.request.get(path, max_redirects=0, timeout=120_000)
            html = "text/html" in head.headers.get("content-type", "")
            # Redirects, POST-only actions and what the admin forbids (403) are not pages.
            if head.status in (301, 302, 303, 403, 405) or (head.ok and not html):
                continue
            if head.status != 200:
                failures.append(f"{visitor} {path} ({name}): HTTP {head.status}")
                continue
            page.goto(path)
            checked += 1
            for viewport in VIEWPORTS:
                for problem in check(page, viewport):
                    failures.append(f"{visitor} {path} ({name}) at {viewport['width']}: {problem}")
        context.close()
    assert checked > 60, f"only {checked} pages were checked"
    assert not failures, f"{len(failures)} problems on {checked} pages:\n" + "\n".join(failures)
