"""Writes on a draft edition's questionnaire, each recorded in the admin's LogEntry history.

Removals and moves are logged against the module, which outlives the item, so the definition
history of an edition stays complete.
"""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from survey import audit
from survey.data_version import data_changed
from survey.definition_version import definitions_changed
from survey.models import Category, Edition, Item, Module, Objective, Technology

LABELS = ("label_nl", "label_fr", "label_de", "label_en")


class QuestionnaireLocked(Exception):
    """The questionnaire of an edition that is no longer a draft cannot change."""


def edition_of(obj) -> Edition:
    if isinstance(obj, Edition):
        return obj
    if isinstance(obj, Category | Module):
        return obj.edition
    if isinstance(obj, Item | Objective):
        return obj.module.edition
    raise TypeError(obj)


def require_draft(edition: Edition) -> None:
    if not edition.is_editable:
        raise QuestionnaireLocked(
            _("Only a draft edition's questionnaire can be changed; %(edition)s is %(status)s.")
            % {"edition": edition.code, "status": edition.get_status_display()}
        )


@transaction.atomic
def definition_save(*, obj, by, changed: list[str] | None = None):
    """Save an item, category, objective or module wording of a draft edition, and log it."""
    require_draft(edition_of(obj))
    adding = obj.pk is None
    obj.full_clean()
    obj.save()
    # Items and objectives are logged on their module, which outlives them.
    target = obj.module if isinstance(obj, Item | Objective) else obj
    if adding:
        message = _("Added %(obj)s.") % {"obj": obj}
    else:
        message = _("Changed %(fields)s of %(obj)s.") % {
            "fields": ", ".join(changed or []) or "-",
            "obj": obj.code if isinstance(obj, Item | Objective | Category) else obj,
        }
    audit.record(
        by=by, obj=target, action=ADDITION if adding and target is obj else CHANGE, message=message
    )
    return obj


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def item_add(
    *, module: Module, by, category: Category, technology=None, new_technology=None, labels=None
):
    """Add a technology to a draft module: one from the catalogue, or a new one (code + labels).

    The item's wording defaults to the technology's labels.
    """
    require_draft(module.edition)
    if technology is None:
        technology = Technology(**new_technology)
        technology.full_clean()
        technology.save()
        audit.record(
            by=by,
            obj=technology,
            action=ADDITION,
            message=_("Added technology %(c)s.") % {"c": technology.code},
        )
    labels = {k: v for k, v in (labels or {}).items() if v}
    item = Item(
        module=module,
        technology=technology,
        category=category,
        order=_next_order(module.items),
        **{f: labels.get(f, getattr(technology, f)) for f in LABELS},
    )
    item.full_clean()
    item.save()
    audit.record(
        by=by,
        obj=module,
        action=CHANGE,
        message=_("Added item %(code)s.") % {"code": technology.code},
    )
    return item


@transaction.atomic
def item_remove(*, item: Item, by) -> None:
    module = item.module
    require_draft(module.edition)
    code = item.technology.code
    item.delete()
    audit.record(
        by=by, obj=module, action=CHANGE, message=_("Removed item %(code)s.") % {"code": code}
    )


@transaction.atomic
def objective_remove(*, objective: Objective, by) -> None:
    module = objective.module
    require_draft(module.edition)
    code = objective.code
    objective.delete()
    audit.record(
        by=by, obj=module, action=CHANGE, message=_("Removed objective %(code)s.") % {"code": code}
    )


@transaction.atomic
def ordered_move(*, obj, by, up: bool) -> None:
    """Swap an item or objective with its neighbour; orders are renumbered 1..n on the way."""
    module = obj.module
    require_draft(module.edition)
    siblings = list(type(obj).objects.filter(module=module).order_by("order", "id"))
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        sibling.order = order
    type(obj).objects.bulk_update(siblings, ["order"])
    data_changed()
    definitions_changed(module.edition_id)
    message = _("Moved %(obj)s up.") if up else _("Moved %(obj)s down.")
    audit.record(by=by, obj=module, action=CHANGE, message=message % {"obj": obj})


def definition_history(edition: Edition):
    """LogEntries about the edition and its questionnaire: from these pages and from the admin.
    One query: the ids of the edition's definitions are read inside it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast

    def ids(model, queryset):
        ct = ContentType.objects.get_for_model(model)
        keys = queryset.order_by().annotate(key=Cast("pk", CharField())).values("key")
        return Q(content_type=ct, object_id__in=keys)

    condition = (
        Q(content_type=ContentType.objects.get_for_model(Edition), object_id=str(edition.pk))
        | ids(Module, edition.modules.all())
        | ids(Category, edition.categories.all())
        | ids(Item, Item.objects.filter(module__edition=edition))
        | ids(Objective, Objective.objects.filter(module__edition=edition))
    )
    return (
        LogEntry.objects.filter(condition)
        .select_related("user", "content_type")
        .order_by("-action_time")
    )


def definition_history_stamp(edition: Edition) -> tuple:
    """What the definition history is cached under besides the data version (which every write of
    a definition moves, and its log entry is written with it): the count and last id of the log
    (entries written directly, or deleted with their author) and of the edition's transitions, how
    many transitions still name their author, and the names of the people shown. One query."""
    sql = """
        SELECT
            (SELECT COUNT(*) FROM django_admin_log), (SELECT MAX(id) FROM django_admin_log),
            (SELECT COUNT(*) FROM survey_editiontransition WHERE edition_id = %(pk)s),
            (SELECT MAX(id) FROM survey_editiontransition WHERE edition_id = %(pk)s),
            (SELECT COUNT(by_id) FROM survey_editiontransition WHERE edition_id = %(pk)s),
            u.id, u.first_name, u.last_name, u.email
        FROM (SELECT 1 AS one) o LEFT JOIN survey_user u
            ON u.id IN (SELECT user_id FROM django_admin_log)
            OR u.id IN (SELECT by_id FROM survey_editiontransition WHERE edition_id = %(pk)s)
        ORDER BY u.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"pk": edition.pk})
        return tuple(cursor.fetchall())
