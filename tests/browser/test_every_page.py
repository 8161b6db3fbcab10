"""Every page of the demo that a chief, a researcher or an administrator can reach, the admin
included, at desktop (1280 px) and phone (390 px) width: axe-core finds no serious or critical
violation, and no page is wider than the screen.

The pages are enumerated from the URLconf (as tests/test_url_access.py does), so a page added
later is checked without editing this test; URL keyword arguments are filled from the demo data
by `DemoValues`, each page with the objects it is about (an events item for the item pages, a
question of the deployment module for the question pages). Endpoints that do not answer HTML to
a GET (downloads, charts, POST-only actions) are skipped, and so is a redirect to a page checked
anyway; a redirect elsewhere (the password-reset link to its form) is checked where it lands. A
page whose keyword arguments cannot be filled, or that answers an error, fails the test with its
name, so no page is silently left out.

Fast enough for `make test` on two cores (see `check_pages`): each page is asked for once; axe
is in every page of a context from the start; at 1280 px axe runs every WCAG 2.1 A/AA rule, at
390 px the rules whose outcome depends on the layout on the whole page and every rule on what
only the phone layout shows; several pages are checked at once, so the server renders one page
while Chromium checks another.
"""

import asyncio
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

import pytest
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from survey.access import ADMINISTRATOR, API_TOKEN, PUBLIC, RESEARCHER, SIGNED_IN, ZONE
from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.every_page]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Pages checked at once: the server (one Python process) renders one while Chromium runs axe
# on another. Measured on two cores: 1 → 2 pages at once is the gain, more adds nothing.
WORKERS = 2
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The WCAG A/AA rules whose outcome depends on the layout (the rest look at the markup and the
# styles, the same at every width, and are run again at 390 px on what only it shows).
LAYOUT_RULES = ["color-contrast", "scrollable-region-focusable", "link-in-text-block"]
PARAMETER = re.compile(r"\(\?P<(?P<group>\w+)>(?P<regex>[^)]*)\)|<(?:[^>:]+:)?(?P<name>\w+)>")
# django-ninja's root only gives the API its base path: it answers 404 (as NOT_FOUND does).
SKIPPED = {"set_language", "admin:jsi18n", "admin:view_on_site", "api:api-root"}
# The page of an address that does not exist, signed in and not.
NOT_FOUND = "/page-not-found/"
# Downloads (PDF, CSV, JSON, XLSX, charts, exports) are no pages; skipping them by their route
# spares rendering a PDF or an export just to find that out.
DOWNLOAD = re.compile(r"(pdf/|/export/|<str:fmt>/)$|\.(\w+|<(\w+:)?fmt>)$")
# Charts are pictures (each with its alt text), drawn on request by the server: a placeholder
# of the same type stands in for each, so checking a page does not wait for its charts.
CHART = re.compile(r"/chart/[\w-]+\.(svg|png)$")
PLACEHOLDER = {
    "content_type": "image/svg+xml",
    "body": '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"/>',
}
PASSWORD = "demo-password-1"  # noqa: S105 - the demo's published password
ADMIN = "admin"
EMPTY = ()  # an admin model without any object: its object pages cannot be reached
# Who visits the pages of each access rule (survey/access.py); the admin site is its own rule.
# The API's data (API_TOKEN) answers JSON to scripts, no page.
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
                name, prefix + str(pattern.pattern), ADMIN if name.startswith("admin:") else rule
            )


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
            Question,
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
        self.reset_token = default_token_generator.make_token(self.users["chief"])
        # {edition code: its module codes}, and which of them are grids, matrices, questions.
        modules = Module.objects.filter(edition__code__in=["2020", "2023", "2026", "2029"])
        self.modules = {}
        for module in modules.select_related("edition").order_by("order", "pk"):
            self.modules.setdefault(module.edition.code, []).append(module)
        draft = {m.kind: m for m in self.modules[self.draft.code]}
        item = Item.objects.filter(module=draft["events"]).order_by("pk").first()
        objective = Objective.objects.filter(module=draft["events"]).order_by("pk").first()
        question = Question.objects.filter(module=draft["deployment"]).order_by("pk").first()
        on_draft = {"edition": self.draft.code}
        # Pages about one object: its module in the URL is the object's own.
        self.objects = {
            "results:category_edit": {
                **on_draft,
                "pk": Category.objects.filter(items__module=draft["events"]).first().pk,
            },
            "results:item_edit": {**on_draft, "module": "events", "pk": item.pk},
            "results:item_move": {**on_draft, "module": "events", "pk": item.pk},
            "results:objective_edit": {**on_draft, "module": "events", "pk": objective.pk},
            "results:objective_move": {**on_draft, "module": "events", "pk": objective.pk},
            "results:question_edit": {**on_draft, "module": "deployment", "pk": question.pk},
            "results:question_remove": {**on_draft, "module": "deployment", "pk": question.pk},
            "results:question_move": {**on_draft, "module": "deployment", "pk": question.pk},
            "results:campaign_detail": {"pk": campaign.campaign.pk},
            "results:campaign_retry": {"pk": campaign.campaign.pk},
            "results:email_template_edit": {"pk": EmailTemplate.objects.order_by("pk").first().pk},
            "results:email_template_preview": {
                "pk": EmailTemplate.objects.order_by("pk").first().pk
            },
            "results:email_template_test": {"pk": EmailTemplate.objects.order_by("pk").first().pk},
            "results:researcher_toggle": {"pk": researcher.pk},
            "zone_invitation_revoke": {"zone": self.zone.code, "pk": invitation.pk},
            "results:quality_rule_delete": None,  # POST only and the demo has no rule
            "password_reset_confirm": {
                "uidb64": urlsafe_base64_encode(force_bytes(self.users["chief"].pk)),
                "token": self.reset_token,
            },
            "admin:auth_user_password_change": {"id": self.users["chief"].pk},
        }

    def editions(self, endpoint):
        name = same_page(endpoint.name)
        if name == "results:edition_manage":  # in each state: draft, open, closed, archived
            return [self.draft.code, "2026", "2023", "2020"]
        if endpoint.route.startswith("results/manage/editions/"):
            return [self.draft.code, "2026"]  # drafting, and an open edition's fieldwork
        if endpoint.rule == ZONE and "reports" not in endpoint.route:
            return ["2026"]  # what the chief answers
        if name == "results:questions":
            return ["2026"]  # the deployment module's results
        return ["2023"]  # closed, with results and released reports

    def module_codes(self, endpoint, edition):
        """The modules of the edition that the page is for."""
        modules, name = self.modules[edition], same_page(endpoint.name)
        if name in ("results:questions", "results:question_add"):
            modules = [m for m in modules if m.is_questions]
        elif name in ("results:item_add", "results:availability"):
            modules = [m for m in modules if not m.is_questions]
        elif name == "results:objective_add":
            modules = [m for m in modules if m.has_role_matrix]
        return [m.kind for m in modules]

    def choices(self, endpoint, name, words, kwargs):  # noqa: PLR0911 - one answer per keyword
        """The values to visit for one keyword argument ([] when unknown)."""
        if words:
            return words
        known = {
            "zone": [self.zone.code],
            "other": ["2020"],
            "response": [self.response],
            "token": [self.token],
            "pending": [self.pending],
            "table": ["items"],
            "query": [self.query],
        }
        if name == "edition":
            return self.editions(endpoint)
        if name == "module":
            return self.module_codes(endpoint, kwargs["edition"])
        if name in known:
            return known[name]
        if name in ("object_id", "pk") and (model := admin_model(endpoint.name)):
            first = model._default_manager.order_by("pk").first()
            return [first.pk] if first else EMPTY
        return []

    def paths(self, endpoint) -> list[str] | None:
        """The concrete paths of an endpoint (one per combination), None when unknown."""
        if endpoint.name in self.objects:
            kwargs = self.objects[endpoint.name]
            return [] if kwargs is None else [reverse(endpoint.name, kwargs=kwargs)]
        combinations = [{}]
        for name, words in parameters(endpoint.route):
            extended = []
            for kwargs in combinations:
                values = self.choices(endpoint, name, words, kwargs)
                if values is EMPTY:
                    return []  # an admin page of an object none of which exists in the demo
                if not values:
                    return None
                extended.extend({**kwargs, name: value} for value in values)
            combinations = extended
        return [reverse(endpoint.name, kwargs=kwargs) for kwargs in combinations]


def same_page(name):
    """The page an old address redirects to (`results:old_overview` → `results:overview`)."""
    return name.replace("results:old_", "results:")


def admin_model(name):
    for model in admin.site._registry:
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def plan(values):
    """[(visitor, endpoint name, path)] by visitor, and the endpoints whose arguments are
    unknown."""
    visits, unknown = [], []
    for endpoint in endpoints():
        if DOWNLOAD.search(endpoint.route.rstrip("$").replace("\\.", ".")):
            continue
        paths = values.paths(endpoint)
        if paths is None or endpoint.rule not in (*VISITORS, API_TOKEN):
            unknown.append(f"{endpoint.name} ({endpoint.route})")
            continue
        for visitor in VISITORS.get(endpoint.rule, ()):
            visits.extend((visitor, endpoint.name, path) for path in paths)
    visits.extend((visitor, "404", NOT_FOUND) for visitor in ("anonymous", "chief"))
    visits.sort(key=lambda visit: visit[0])
    return visits, unknown


# At 1280 px: every rule, and which elements are shown. At 390 px: the layout rules on the whole
# page, and the other rules wherever what is shown changed: an element shown only now (the menu
# button), and the owner of an element shown or hidden only now (a button whose text is hidden
# on phones, whose name then comes from what is left).
AXE_CHECK = """async ({phase, tags, layoutRules}) => {
    const shown = (element) => element.checkVisibility({visibilityProperty: true});
    const describe = (found) => found.violations
        .filter((v) => ['serious', 'critical'].includes(v.impact))
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3)
            .map((n) => n.target.join(' ')).join(', ')}`);
    const options = (runOnly, rules = {}) => ({runOnly, rules, resultTypes: ['violations']});
    const elements = [...document.body.querySelectorAll('*')];
    if (phase === 'desktop') {
        window.shownOnDesktop = new WeakSet(elements.filter(shown));
        const found = await axe.run(document, options({type: 'tag', values: tags}));
        return {problems: describe(found), width: document.documentElement.scrollWidth};
    }
    // The page's own resize handlers run first (app.js marks the tables that now scroll).
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
    const layout = await axe.run(document, options({type: 'rule', values: layoutRules}));
    const problems = describe(layout);
    const owners = 'a, button, label, summary, legend, caption, th, td, li, dt, dd, select, '
        + 'h1, h2, h3, h4, h5, h6, [role]';
    const subjects = new Set();
    for (const element of elements) {
        const now = shown(element);
        if (now === window.shownOnDesktop.has(element)) continue;
        if (now) subjects.add(element);
        const parent = element.parentElement;
        const owner = parent && (parent.closest(owners) || parent);
        if (owner && shown(owner)) subjects.add(owner);
    }
    const outermost = [...subjects].filter((element) => {
        for (let up = element.parentElement; up; up = up.parentElement) {
            if (subjects.has(up)) return false;
        }
        return true;
    });
    if (outermost.length) {
        const others = Object.fromEntries(layoutRules.map((rule) => [rule, {enabled: false}]));
        const found = await axe.run(
            {include: outermost}, options({type: 'tag', values: tags}, others));
        problems.push(...describe(found));
    }
    return {problems, width: document.documentElement.scrollWidth};
}"""


@dataclass
class Report:
    failures: list = field(default_factory=list)
    checked: list = field(default_factory=list)


async def check_page(page, visit, planned, report):
    """Open one path; if it is a page, check it at both widths."""
    from playwright.async_api import Error

    visitor, name, path = visit
    await page.set_viewport_size(DESKTOP)
    try:
        response = await page.goto(path)
    except Error as error:
        if "Download is starting" in str(error):
            return  # a download, not a page
        if "ERR_HTTP_RESPONSE_CODE_FAILURE" not in str(error):
            raise
        # An error without a body (a POST-only action's 405): Chromium goes on to an error
        # page of its own, so the next path is opened in a new tab.
        response = await page.context.request.get(path, max_redirects=0)
        if response.status not in (403, 405):
            report.failures.append(f"{visitor} {path} ({name}): HTTP {response.status}")
        return "new tab"
    landed = re.sub(r"^https?://[^/]+", "", page.url)
    if response.request.redirected_from is not None and landed in planned:
        return  # a redirect to a page checked anyway
    html = "text/html" in (await response.header_value("content-type") or "")
    # POST-only actions and what the admin forbids (403) are not pages.
    if response.status in (403, 405) or (response.ok and not html):
        return
    where = f"{visitor} {path} ({name})" + (f" → {landed}" if landed != path else "")
    if response.status != (404 if path == NOT_FOUND else 200):
        report.failures.append(f"{where}: HTTP {response.status}")
        return
    report.checked.append(where)
    for phase, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        await page.set_viewport_size(viewport)
        found = await page.evaluate(
            AXE_CHECK, {"phase": phase, "tags": WCAG, "layoutRules": LAYOUT_RULES}
        )
        problems = found["problems"]
        if found["width"] > viewport["width"]:
            problems.append(f"page is {found['width']} px wide")
        report.failures.extend(f"{where} at {viewport['width']}: {p}" for p in problems)


async def signed_in(browser, base_url, visitor):
    """The cookies of a signed-in visitor, for the contexts that check their pages."""
    context = await browser.new_context(base_url=base_url)
    if visitor != "anonymous":
        page = await context.new_page()
        await page.goto("/accounts/login/")
        await page.fill("input[name=username]", EMAILS[visitor])
        await page.fill("input[name=password]", PASSWORD)
        await page.click("main form button[type=submit]")
        await page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"sign-in failed for {visitor}"
    state = await context.storage_state()
    await context.close()
    return state


async def check_pages_async(base_url, visits, workers):
    from playwright.async_api import async_playwright

    report = Report()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for visitor, group in groupby(visits, key=lambda visit: visit[0]):
            queue = deque(group)
            planned = {path for _visitor, _name, path in queue}
            state = await signed_in(browser, base_url, visitor)

            async def work(queue=queue, planned=planned, state=state):
                context = await browser.new_context(
                    base_url=base_url,
                    locale="nl",
                    extra_http_headers={"Accept-Language": "nl"},
                    viewport=DESKTOP,
                    storage_state=state,
                    bypass_csp=True,  # axe is injected; the other tests check the CSP itself
                )
                context.set_default_timeout(60_000)
                await context.add_init_script(path=str(AXE))
                await context.route(CHART, lambda route: route.fulfill(**PLACEHOLDER))
                page = await context.new_page()
                while queue:  # one event loop: taking from the shared queue is safe
                    if await check_page(page, queue.popleft(), planned, report):
                        await page.close()
                        page = await context.new_page()
                await context.close()

            await asyncio.gather(*(work() for _ in range(workers)))
        await browser.close()
    return report


def check_pages(base_url, visits, workers=WORKERS) -> Report:
    """Check the pages with Playwright's async API, in a thread of its own: the sync API of the
    other browser tests keeps an event loop in this one."""
    outcome = {}

    def run():
        try:
            outcome["report"] = asyncio.run(check_pages_async(base_url, visits, workers))
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["report"]


def test_every_page_is_accessible_and_fits_the_screen(chromium, live_server, transactional_db):
    from survey.demo.seed import demo_seed

    demo_seed()
    values = DemoValues()
    visits, unknown = plan(values)
    assert not unknown, (
        "Pages whose URL arguments this test cannot fill from the demo (add them to "
        "DemoValues) or whose access rule has no visitor (VISITORS):\n" + "\n".join(unknown)
    )
    report = check_pages(live_server.url, visits)
    checked, failures = report.checked, report.failures
    assert len(checked) > 150, f"only {len(checked)} pages were checked"
    assert not failures, f"{len(failures)} problems on {len(checked)} pages:\n" + "\n".join(
        failures
    )


PHONE_ONLY_PROBLEMS = """<!doctype html><html lang="en"><head><title>Phone only</title><style>
  @media (max-width: 767px) { .wide-only { display: none; } }
  @media (min-width: 768px) { .phone-only { display: none; } }
</style></head><body><main><h1>Phone only</h1>
  <button class="phone-only"><svg width="20" height="20"></svg></button>
  <button id="save"><span class="wide-only">Save</span><svg width="20" height="20"></svg></button>
  <p>Fine at both widths.</p>
</main></body></html>"""


def test_the_phone_check_sees_what_only_the_phone_layout_shows_or_hides(chromium):
    page = chromium.new_page(viewport=DESKTOP)
    page.set_content(PHONE_ONLY_PROBLEMS)
    page.add_script_tag(path=str(AXE))
    arguments = {"tags": WCAG, "layoutRules": LAYOUT_RULES}
    desktop = page.evaluate(AXE_CHECK, {"phase": "desktop", **arguments})
    page.set_viewport_size(PHONE)
    phone = page.evaluate(AXE_CHECK, {"phase": "phone", **arguments})
    page.close()
    assert desktop["problems"] == []
    [problem] = phone["problems"]
    assert problem.startswith("button-name (critical): ")
    assert ".phone-only" in problem and "#save" in problem
