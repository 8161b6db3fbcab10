"""Who may see and change what. Every view gets its objects through this module.

Anything a user may not see answers 404 (not 403), so the existence of another zone's
response is never revealed.
"""

from dataclasses import dataclass
from functools import cache, wraps

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers

from .models import AnswerQuery, Edition, Module, Response, User, Zone, ZoneMembership
from .sql_rows import Columns, planned_once_cursor, quoted, split


def is_researcher(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_researcher or user.is_superuser)
    )


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def zones_for(user) -> QuerySet[Zone]:
    """The zones a respondent answers for (their memberships)."""
    if not user.is_authenticated:
        return Zone.objects.none()
    return Zone.objects.filter(memberships__user=user).distinct()


def membership_for(user, zone) -> ZoneMembership | None:
    if not user.is_authenticated:
        return None
    return ZoneMembership.objects.filter(user=user, zone=zone).first()


def is_chief_of(user, zone) -> bool:
    membership = membership_for(user, zone)
    return membership is not None and membership.role == ZoneMembership.Role.CHIEF


def responses_for(user) -> QuerySet[Response]:
    """Responses a respondent may read: those of their own zones."""
    return Response.objects.filter(zone__in=zones_for(user))


def zone_for_user_or_404(user, code: str) -> Zone:
    return get_object_or_404(zones_for(user), code=code)


def role_in(user, zone_ref: str = "zone"):
    """The user's membership role in the zone of `zone_ref` (an outer field), as an annotation:
    None where they are not a member."""
    return Subquery(
        ZoneMembership.objects.filter(user=user, zone=OuterRef(zone_ref)).values("role")[:1]
    )


@dataclass(frozen=True)
class ZoneModule:
    """A module as one of the user's zones answers it."""

    zone: Zone
    module: Module  # with its edition and the edition's previous one
    response: Response | None  # with `has_queries`; None until the zone starts the module
    role: str  # the user's role in the zone
    earlier_module_id: int | None  # the module of the same kind in the previous edition

    @property
    def is_chief(self) -> bool:
        return self.role == ZoneMembership.Role.CHIEF


def _earlier_module(prefix: str):
    return Subquery(
        Module.objects.filter(
            edition_id=OuterRef(f"{prefix}edition__previous_id"), kind=OuterRef(f"{prefix}kind")
        ).values("pk")[:1]
    )


def zone_module_or_404(
    user, zone: str, edition: str, kind: str, *, statuses, lock: bool = False
) -> ZoneModule:
    """The user's zone, the module of an edition in one of `statuses` for that zone's region,
    and the zone's response if started; anything else is a 404. One query once the zone has
    started the module (the page's usual case), three before.

    `lock`, for a save inside a transaction: the response's row is locked by that query
    (survey.answering.answers), and what only a page shows is left out (`has_queries`, the
    earlier module: None)."""
    if not user.is_authenticated:
        raise Http404
    if lock:
        found = _locked(user, zone, edition, kind, statuses)
        if found is not None:
            return found
    responses = Response.objects.filter(
        zone__code=zone,
        zone__memberships__user=user,
        module__edition__code=edition,
        module__kind=kind,
        module__edition__status__in=statuses,
    ).annotate(role=F("zone__memberships__role"))
    if lock:
        # The hand-written lookup above found no response: this one finds a response started
        # in between (a first save in two tabs at once), locked all the same.
        responses = responses.select_for_update(of=("self",)).select_related(
            "zone", "module__edition"
        )
    else:
        responses = responses.select_related("zone", "module__edition__previous").annotate(
            has_queries=Exists(AnswerQuery.objects.filter(response=OuterRef("pk"))),
            earlier_module_id=_earlier_module("module__"),
        )
    try:
        response = responses.get()
    except Response.DoesNotExist:
        response = None
    if response is not None:
        earlier = getattr(response, "earlier_module_id", None)
        found = ZoneModule(response.zone, response.module, response, response.role, earlier)
    else:
        membership = membership_or_404(user, zone)
        module = get_object_or_404(
            Module.objects.filter(edition__status__in=statuses)
            .select_related("edition__previous")
            .annotate(earlier_module_id=_earlier_module("")),
            edition__code=edition,
            kind=kind,
        )
        found = ZoneModule(membership.zone, module, None, membership.role, module.earlier_module_id)
    if found.zone.region not in found.module.edition.regions:
        raise Http404
    return found


# What a save reads of the response, its zone, module and edition (survey.answering.answers).
_SAVE_READS = (
    Columns.of(Response, "r"),
    Columns.of(ZoneMembership, "m", ["role"]),
    Columns.of(Zone, "z", ["id", "code", "region"]),
    Columns.of(Module, "mo", ["id", "edition", "kind", "form", "scale", "role_scale"]),
    Columns.of(Edition, "e", ["id", "code", "status", "regions", "definition_version"]),
)


@cache
def _locked_sql(statuses: int) -> str:
    q = quoted
    lock = " FOR UPDATE OF r" if connection.features.has_select_for_update_of else ""
    # Only the models' own table and column names are formatted in; values are parameters.
    return (
        f"SELECT {', '.join(part.select for part in _SAVE_READS)} "  # noqa: S608
        f"FROM {q(Response)} r "
        f"JOIN {q(Zone)} z ON {q(Zone, 'id', 'z')} = {q(Response, 'zone', 'r')} "
        f"JOIN {q(ZoneMembership)} m ON {q(ZoneMembership, 'zone', 'm')} = {q(Zone, 'id', 'z')} "
        f"AND {q(ZoneMembership, 'user', 'm')} = %s "
        f"JOIN {q(Module)} mo ON {q(Module, 'id', 'mo')} = {q(Response, 'module', 'r')} "
        f"JOIN {q(Edition)} e ON {q(Edition, 'id', 'e')} = {q(Module, 'edition', 'mo')} "
        f"WHERE {q(Zone, 'code', 'z')} = %s AND {q(Edition, 'code', 'e')} = %s "
        f"AND {q(Module, 'kind', 'mo')} = %s "
        f"AND {q(Edition, 'status', 'e')} IN ({', '.join(['%s'] * statuses)}){lock}"
    )


def _locked(user, zone: str, edition: str, kind: str, statuses) -> "ZoneModule | None":
    """The zone's started response, locked, with what a save reads of it: the autosave's
    lookup, once per save, in hand-written SQL (survey/sql_rows.py), the ORM's compiling cost
    more than the query. None if the zone has not started the module (or may not see it):
    the ORM lookup then decides between starting it and a 404."""
    with planned_once_cursor() as cursor:
        cursor.execute(
            _locked_sql(len(statuses)), [user.pk, zone, edition, kind, *map(str, statuses)]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    response, membership, zone_row, module, edition_row = split(row, *_SAVE_READS)
    module.edition, response.zone, response.module = edition_row, zone_row, module
    if zone_row.region not in edition_row.regions:
        raise Http404
    return ZoneModule(zone_row, module, response, membership.role, None)


def membership_or_404(user, code: str) -> ZoneMembership:
    """The user's membership of the zone with that code, with the zone: one query."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        ZoneMembership.objects.select_related("zone"), user=user, zone__code=code
    )


# Every view declares its audience with one of the decorators below. The decorator sets
# `view.access_rule`; tests enumerate the URL patterns and fail for a view without one.
# URL keyword conventions: `zone` = Zone.code, `edition` = Edition.code, `module` = Module.kind,
# `response` = Response.pk, `token` = an invitation or reset token.
PUBLIC, SIGNED_IN, ZONE, RESEARCHER, ADMINISTRATOR = (
    "public",
    "signed_in",
    "zone",
    "researcher",
    "administrator",
)
# The read API (/api/): no session, a researcher's bearer token with the operation's scope
# (results.api.auth); set on its URL patterns by results/api/urls.py.
API_TOKEN = "api_token"  # noqa: S105 - the name of an access rule


def _declare(rule):
    def decorate(view):
        view.access_rule = rule
        return view

    return decorate


public_view = _declare(PUBLIC)


def signed_in_view(view):
    """Any signed-in user; what they then see is filtered through this module."""
    wrapped = login_required(view)
    wrapped.access_rule = SIGNED_IN
    return wrapped


def zone_view(view):
    """A respondent page: signed in, and the view fetches its zone/response through this module
    (`zone_for_user_or_404`, `responses_for`), so another zone's objects answer 404."""
    wrapped = login_required(view)
    wrapped.access_rule = ZONE
    return wrapped


def researcher_required(view):
    """Researchers and administrators only; everyone else gets a 404, as for a missing page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_researcher(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.access_rule = RESEARCHER
    return wrapped


def administrator_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.access_rule = ADMINISTRATOR
    return wrapped


researcher_view = researcher_required
administrator_view = administrator_required


__all__ = [
    "User",
    "administrator_required",
    "administrator_view",
    "public_view",
    "researcher_view",
    "signed_in_view",
    "zone_view",
    "is_administrator",
    "is_chief_of",
    "is_researcher",
    "membership_for",
    "membership_or_404",
    "role_in",
    "researcher_required",
    "responses_for",
    "zone_for_user_or_404",
    "zone_module_or_404",
    "zones_for",
]


def shows_personal_data(view):
    """A public page that still shows personal data (an invitation shows the invitee's address)."""
    view.shows_personal_data = True
    return view


class PrivatePagesNotStoredMiddleware:
    """`Cache-Control: no-store` (and private) on every page behind an access rule other than
    public, on any page a signed-in user gets, on the admin, and on public pages marked with
    `shows_personal_data`: answers, names and addresses stay out of browser and proxy caches
    (a shared office computer's back button, a caching proxy). Keyed on the access rule, so
    every new view is covered by declaring its rule. A response whose view already chose a
    private policy keeps it (the API's downloads are `private, no-cache` so that scripts
    revalidate them by ETag)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        rule = getattr(request, "access_rule", None)
        user = getattr(request, "user", None)
        if "private" in response.get("Cache-Control", ""):
            return response
        if (
            (rule is not None and rule != PUBLIC)
            or getattr(request, "shows_personal_data", False)
            or (user is not None and user.is_authenticated)
            or request.path.startswith("/admin/")
        ):
            add_never_cache_headers(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.access_rule = getattr(view_func, "access_rule", None)
        request.shows_personal_data = getattr(view_func, "shows_personal_data", False)
