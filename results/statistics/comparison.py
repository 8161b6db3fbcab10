"""Comparison of two editions over their panel: zones with a submitted response in both.

Per technology present in both modules, the base is the panel zones with a valid answer in
both; the exact McNemar test compares the paired yes/no availability. With no discordant pair
the exact test has nothing to test and statsmodels gives p = 1.0, which is reported as such;
with an empty base there is no test at all and the p-value is None.

With fewer than MIN_PAIRS zones in the base (a one-zone panel) p is 1 whatever happened: the
results JSON keeps the computed value (its shape and values are public), but the page shows no
p-value and says the panel is too small (`testable`).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery

from survey.models import Answer, Item, Module, Response

from .availability import ScaleCodes
from .percentages import percent

MIN_PAIRS = 2  # zones with a valid answer in both editions before a test means anything


@dataclass(frozen=True)
class ItemComparison:
    code: str
    category: str
    base: int
    before: int
    after: int
    before_percent: Decimal | None
    after_percent: Decimal | None
    p_value: float | None
    label: str = ""
    category_label: str = ""

    @property
    def testable(self) -> bool:
        return self.base >= MIN_PAIRS


@dataclass(frozen=True)
class Comparison:
    with_edition: str
    panel_zones: int
    items: list[ItemComparison]

    @property
    def testable(self) -> bool:
        return self.panel_zones >= MIN_PAIRS


def mcnemar_p_value(both: int, only_before: int, only_after: int, neither: int) -> float | None:
    """Exact (binomial) McNemar p-value of a paired 2×2 table; None without pairs."""
    if both + only_before + only_after + neither == 0:
        return None
    from statsmodels.stats.contingency_tables import mcnemar  # heavy: imported when used

    table = [[both, only_before], [only_after, neither]]
    return float(mcnemar(table, exact=True).pvalue)


def compare(module: Module, earlier_module: Module) -> Comparison:
    """`module` (after) against `earlier_module` (before), technology by technology."""
    submitted = Response.Status.SUBMITTED
    panel = Response.objects.filter(
        module=module,
        status=submitted,
        zone__responses__module=earlier_module,
        zone__responses__status=submitted,
    )
    panel_zones = panel.count()
    # The earlier answer of the same zone and technology, found through the unique keys
    # (zone, module), (module, technology) and (response, item), so every lookup is indexed.
    earlier_response = Response.objects.filter(
        module=earlier_module, status=submitted, zone_id=OuterRef(OuterRef("response__zone_id"))
    ).values("id")[:1]
    earlier_item = Item.objects.filter(
        module=earlier_module, technology_id=OuterRef(OuterRef("item__technology_id"))
    ).values("id")[:1]
    earlier_code = Answer.objects.filter(
        response_id=Subquery(earlier_response), item_id=Subquery(earlier_item)
    ).values("code")[:1]
    pairs = (
        Answer.objects.filter(response__in=panel)
        .annotate(before_code=Subquery(earlier_code))
        .filter(before_code__isnull=False)
        .order_by()
        .values("item__technology_id", "before_code", "code")
        .annotate(n=Count("id"))
    )
    after_scale, before_scale = (
        ScaleCodes.of(module.scale_id),
        ScaleCodes.of(earlier_module.scale_id),
    )
    tables: dict[int, list[int]] = {}
    for row in pairs:
        before, after = row["before_code"], row["code"]
        if before not in before_scale.valid or after not in after_scale.valid:
            continue
        cell = 2 * (before not in before_scale.available) + (after not in after_scale.available)
        tables.setdefault(row["item__technology_id"], [0, 0, 0, 0])[cell] += row["n"]
    items = []
    earlier_technologies = set(earlier_module.items.values_list("technology_id", flat=True))
    for item in module.items.select_related("technology", "category").in_questionnaire_order():
        if item.technology_id not in earlier_technologies:
            continue
        both, only_before, only_after, neither = tables.get(item.technology_id, [0, 0, 0, 0])
        base = both + only_before + only_after + neither
        before, after = both + only_before, both + only_after
        items.append(
            ItemComparison(
                code=item.technology.code,
                category=item.category.code,
                base=base,
                before=before,
                after=after,
                before_percent=percent(before, base),
                after_percent=percent(after, base),
                p_value=mcnemar_p_value(both, only_before, only_after, neither),
                label=item.label,
                category_label=item.category.label,
            )
        )
    return Comparison(earlier_module.edition.code, panel_zones, items)
