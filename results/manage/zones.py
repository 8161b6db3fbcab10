"""Researchers' pages of the zone register: the searchable list, one zone's edit, the import."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from results.manage.forms import RegisterUploadForm, ZoneFilterForm, ZoneForm
from results.statistics.cache import fragment_context
from survey import audit
from survey.access import researcher_view
from survey.models import Zone
from survey.upload_limit import upload_view
from survey.zones import register


@researcher_view
def zone_list(request):
    form = ZoneFilterForm(request.GET or None)
    zones = Zone.objects.select_related("successor").order_by("code")
    if form.is_valid():
        data = form.cleaned_data
        zones = zones.search(data["q"]).filter(
            **{k: data[k] for k in ("region", "language") if data[k]}
        )
        if data["no_email"]:
            zones = zones.filter(contact_email="")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **fragment_context(),
        "form": form,
        # The filter form, the page of zones and its links are rendered once per data version
        # (zones' writes move it), language and address (`{% cache %}`): read only then.
        "page": SimpleLazyObject(lambda: Paginator(zones, 50).get_page(request.GET.get("page"))),
        "query": query.urlencode(),
        "address": request.GET.urlencode(),
    }
    return render(request, "results/manage/zone_list.html", context)


@researcher_view
def zone_edit(request, zone):
    zone = get_object_or_404(Zone, code=zone)
    form = ZoneForm(request.POST or None, instance=zone)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(by=request.user, obj=zone, message=", ".join(form.changed_data))
        messages.success(request, _("Zone %(code)s was saved.") % {"code": zone.code})
        return redirect("results:zone_list")
    return render(request, "results/manage/zone_edit.html", {"zone": zone, "form": form})


@upload_view
@researcher_view
def zone_import(request):
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = register.parse_register(upload.read(), upload.name)
        errors = parsed.errors
        if not errors:
            result = register.register_save(parsed=parsed, by=request.user)
            messages.success(
                request,
                _("Register imported: %(created)s zones created, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("results:zone_list")
    return render(request, "results/manage/zone_import.html", {"form": form, "errors": errors})
