"""The implausible-change rules of an edition's data-quality page, and their defaults."""

from django.db import transaction

from results.models import ImplausibleRule
from survey import audit

# "Had it and used it often or very often then, not available now", and the reverse.
DEFAULT_RULES = (((4, 5), (0,)), ((0,), (4, 5)))

Rule = tuple[tuple[int, ...], tuple[int, ...]]


def rules_for(edition, own_rules=None) -> list[Rule]:
    """The edition's own rules (`own_rules` when the caller read them already), or the defaults
    when it has none."""
    if own_rules is None:
        own_rules = ImplausibleRule.objects.filter(edition=edition)
    own = [(tuple(rule.before), tuple(rule.after)) for rule in own_rules]
    return own or [(tuple(before), tuple(after)) for before, after in DEFAULT_RULES]


@transaction.atomic
def implausible_rule_add(*, edition, before: list[int], after: list[int], by) -> ImplausibleRule:
    """Add a rule; the first own rule replaces the defaults, so they are written out first."""
    if not ImplausibleRule.objects.filter(edition=edition).exists():
        for default_before, default_after in DEFAULT_RULES:
            if (tuple(before), tuple(after)) != (default_before, default_after):
                ImplausibleRule.objects.create(
                    edition=edition,
                    before=list(default_before),
                    after=list(default_after),
                    created_by=by,
                )
    rule = ImplausibleRule.objects.create(
        edition=edition, before=sorted(set(before)), after=sorted(set(after)), created_by=by
    )
    audit.record(by=by, obj=edition, message=f"Implausible-change rule added: {rule}.")
    return rule


@transaction.atomic
def implausible_rule_delete(*, rule: ImplausibleRule, by) -> None:
    audit.record(by=by, obj=rule.edition, message=f"Implausible-change rule removed: {rule}.")
    rule.delete()
