"""Data quality of one module of an edition, before the researchers publish.

Definitions (all over the module's items; the role matrix is left out):

* Item non-response: per item, `asked` = the submitted responses (every item is asked of every
  zone), `unanswered` = those of them without an answer to the item. Per zone likewise:
  `asked` = the module's items, `unanswered` = the items the zone left without an answer.
* Straight-lining: a submitted zone whose valid answers (codes the scale counts as valid, so not
  "don't know") are one and the same code, over at least two valid answers.
* Implausible changes: over the panel with the edition's previous edition (zones with a
  submitted response to the same module kind in both, under the same zone code), a technology
  whose code then and now match a rule (before in one set, after in another). Researchers
  define the rules per edition; without any, the defaults are "4 or 5 then, 0 now" and
  "0 then, 4 or 5 now".
* "Don't know" outliers: a submitted zone's share of "don't know" (the scale's invalid codes)
  among its answers, above Q3 + 1.5 × IQR of all submitted zones' shares (quartiles by the
  inclusive method of `statistics.quantiles`) and above zero. Needs two or more zones.
* Timing: per response, its first and last saved answer, the seconds between them, and its
  sessions: runs of saves (web answers and confirmations, not imports) with gaps shorter than
  SESSION_GAP; the seconds active are the summed lengths of the sessions.

A fixed number of queries whatever the number of zones and items (database aggregates; the
timing reads one timestamp per saved change).
"""

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, OuterRef, Q, Subquery

from results.statistics.cache import cached
from results.statistics.quality_rules import rules_for
from survey.models import (
    Answer,
    AnswerChange,
    Item,
    Module,
    Response,
    ScalePoint,
    questionnaire_order,
)

SESSION_GAP = timedelta(minutes=30)


@dataclass(frozen=True)
class ItemNonresponse:
    code: str
    label: str
    asked: int
    unanswered: int


@dataclass(frozen=True)
class ZoneNonresponse:
    zone: str
    asked: int
    unanswered: int


@dataclass(frozen=True)
class ImplausibleChange:
    zone: str
    code: str
    before: int
    after: int


@dataclass(frozen=True)
class DontKnowShare:
    zone: str
    answers: int
    dont_know: int

    @property
    def share(self) -> float:
        return self.dont_know / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class Timing:
    zone: str
    status: str
    first: datetime
    last: datetime
    sessions: int
    seconds_active: int

    @property
    def seconds(self) -> int:
        return int((self.last - self.first).total_seconds())


@dataclass
class Quality:
    module: Module
    item_nonresponse: list[ItemNonresponse] = field(default_factory=list)
    zone_nonresponse: list[ZoneNonresponse] = field(default_factory=list)
    straightlining: list[str] = field(default_factory=list)
    implausible_changes: list[ImplausibleChange] = field(default_factory=list)
    dont_know_shares: list[DontKnowShare] = field(default_factory=list)
    dont_know_threshold: float | None = None
    dont_know_outliers: list[str] = field(default_factory=list)
    timing: list[Timing] = field(default_factory=list)
    rules: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    compared_with: Module | None = None


def sessions_of(moments: list[datetime], gap: timedelta = SESSION_GAP) -> tuple[int, int]:
    """(sessions, seconds active) of ordered save times: a new session after a gap >= `gap`."""
    if not moments:
        return 0, 0
    sessions, active, start = 1, 0.0, moments[0]
    for before, after in zip(moments, moments[1:], strict=False):
        if after - before >= gap:
            active += (before - start).total_seconds()
            sessions, start = sessions + 1, after
    active += (moments[-1] - start).total_seconds()
    return sessions, int(active)


def outlier_threshold(shares: list[float]) -> float | None:
    """Q3 + 1.5 × IQR of the shares, or None with fewer than two."""
    if len(shares) < 2:
        return None
    q1, _q2, q3 = statistics.quantiles(shares, n=4, method="inclusive")
    return q3 + 1.5 * (q3 - q1)


def _items(module, submitted: int) -> list[ItemNonresponse]:
    items = (
        Item.objects.filter(module=module)
        .select_related("technology")
        .annotate(
            answered=Count("answers", filter=Q(answers__response__status=Response.Status.SUBMITTED))
        )
        .in_questionnaire_order()
    )
    return [ItemNonresponse(i.code, i.label, submitted, submitted - i.answered) for i in items]


def _implausible(module, rules) -> tuple[list[ImplausibleChange], Module | None]:
    previous_id = module.edition.previous_id
    before_module = (
        Module.objects.filter(edition_id=previous_id, kind=module.kind).first()
        if previous_id
        else None
    )
    if before_module is None or not rules:
        return [], before_module
    earlier = Answer.objects.filter(
        response__module=before_module,
        response__status=Response.Status.SUBMITTED,
        response__zone=OuterRef("response__zone"),
        item__technology=OuterRef("item__technology"),
    ).values("code")[:1]
    matches = Q()
    for before, after in rules:
        matches |= Q(before_code__in=before, code__in=after)
    rows = (
        Answer.objects.filter(response__module=module, response__status=Response.Status.SUBMITTED)
        .annotate(before_code=Subquery(earlier))
        .filter(before_code__isnull=False)
        .filter(matches)
        .order_by("response__zone__code", *questionnaire_order("item__"))
        .values_list("response__zone__code", "item__technology__code", "before_code", "code")
    )
    return [ImplausibleChange(*row) for row in rows], before_module


def _timing(module) -> list[Timing]:
    rows = (
        AnswerChange.objects.filter(
            response__module=module,
            source__in=[Response.Source.WEB, Response.Source.CONFIRMED],
        )
        .order_by("response__zone__code", "changed_at", "id")
        .values_list("response__zone__code", "response__status", "changed_at")
    )
    moments: dict[str, tuple[str, list[datetime]]] = {}
    for zone, status, at in rows:
        moments.setdefault(zone, (status, []))[1].append(at)
    result = []
    for zone, (status, times) in moments.items():
        sessions, active = sessions_of(times)
        result.append(Timing(zone, status, times[0], times[-1], sessions, active))
    return result


def quality(module: Module) -> Quality:
    """Every list of the data-quality page of one module."""
    module = Module.objects.select_related("edition").get(pk=module.pk)
    points = list(
        ScalePoint.objects.filter(scale_id=module.scale_id).values_list("code", "is_valid")
    )
    valid = [code for code, is_valid in points if is_valid]
    dont_know = [code for code, is_valid in points if not is_valid]
    zones = list(
        Response.objects.filter(module=module, status=Response.Status.SUBMITTED)
        .annotate(
            answered=Count("answers"),
            valid_n=Count("answers", filter=Q(answers__code__in=valid)),
            distinct_valid=Count("answers__code", filter=Q(answers__code__in=valid), distinct=True),
            dont_know_n=Count("answers", filter=Q(answers__code__in=dont_know)),
            code=F("zone__code"),
        )
        .order_by("zone__code")
        .values("code", "answered", "valid_n", "distinct_valid", "dont_know_n")
    )
    result = Quality(module=module, rules=rules_for(module.edition))
    result.item_nonresponse = _items(module, len(zones))
    asked = len(result.item_nonresponse)
    result.zone_nonresponse = [
        ZoneNonresponse(z["code"], asked, asked - z["answered"]) for z in zones
    ]
    result.straightlining = [
        z["code"] for z in zones if z["valid_n"] >= 2 and z["distinct_valid"] == 1
    ]
    result.implausible_changes, result.compared_with = _implausible(module, result.rules)
    result.dont_know_shares = [
        DontKnowShare(z["code"], z["answered"], z["dont_know_n"]) for z in zones if z["answered"]
    ]
    threshold = outlier_threshold([s.share for s in result.dont_know_shares])
    result.dont_know_threshold = threshold
    if threshold is not None:
        result.dont_know_outliers = [
            s.zone for s in result.dont_know_shares if s.share > threshold and s.share > 0
        ]
    result.timing = _timing(module)
    return result


_UNREAD = object()


def latest_change():
    """The id of the last change recorded on an answer of the module, as an annotation of a
    query of modules (read with the module: one query less). The newest change by id: a walk
    down the primary key."""
    return Subquery(
        AnswerChange.objects.filter(response__module=OuterRef("pk"))
        .order_by("-pk")
        .values_list("pk", flat=True)[:1]
    )


def quality_state(module: Module, own_rules=None, latest=_UNREAD) -> tuple:
    """What the lists depend on beyond the data version: the edition's rules, and the last
    change recorded on an answer of the module (answers being typed do not move the data
    version, a response's `updated_at` moves at most once a minute, and the timing lists
    responses in progress too). `latest`, when the caller read it with the module
    (latest_change)."""
    if latest is _UNREAD:
        latest = (
            AnswerChange.objects.filter(response__module=module)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
    return (rules_for(module.edition, own_rules), latest)


def quality_cached(module: Module, state: tuple | None = None) -> Quality:
    """`quality(module)`, computed once per data version, language and `quality_state`."""
    state = quality_state(module) if state is None else state
    return cached("quality", module.pk, state, compute=lambda: quality(module))


def quality_json(result: Quality) -> dict:
    """The public JSON of `manage.py quality`: exactly these five keys."""
    return {
        "item_nonresponse": [
            {"code": i.code, "asked": i.asked, "unanswered": i.unanswered}
            for i in result.item_nonresponse
        ],
        "zone_nonresponse": [
            {"zone": z.zone, "asked": z.asked, "unanswered": z.unanswered}
            for z in result.zone_nonresponse
        ],
        "straightlining": list(result.straightlining),
        "implausible_changes": [
            {"zone": c.zone, "code": c.code, "before": c.before, "after": c.after}
            for c in result.implausible_changes
        ],
        "dont_know_outliers": list(result.dont_know_outliers),
    }


def quality_tables(result: Quality) -> dict[str, tuple[list[str], list[list]]]:
    """Each list of the page as a table (header, rows), for the CSV downloads."""
    return {
        "items": (
            ["code", "label", "asked", "unanswered"],
            [[i.code, i.label, i.asked, i.unanswered] for i in result.item_nonresponse],
        ),
        "zones": (
            ["zone", "asked", "unanswered"],
            [[z.zone, z.asked, z.unanswered] for z in result.zone_nonresponse],
        ),
        "straightlining": (["zone"], [[zone] for zone in result.straightlining]),
        "implausible": (
            ["zone", "code", "before", "after"],
            [[c.zone, c.code, c.before, c.after] for c in result.implausible_changes],
        ),
        "dont-know": (
            ["zone", "answers", "dont_know", "share", "outlier"],
            [
                [
                    s.zone,
                    s.answers,
                    s.dont_know,
                    f"{s.share:.4f}",
                    int(s.zone in result.dont_know_outliers),
                ]
                for s in result.dont_know_shares
            ],
        ),
        "timing": (
            ["zone", "status", "first", "last", "seconds", "sessions", "seconds_active"],
            [
                [
                    t.zone,
                    t.status,
                    t.first.isoformat(),
                    t.last.isoformat(),
                    t.seconds,
                    t.sessions,
                    t.seconds_active,
                ]
                for t in result.timing
            ],
        ),
    }
