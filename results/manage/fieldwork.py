"""Researchers' fieldwork pages: zone register, campaigns, dashboard, responses, researchers."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.data.spreadsheet_safety import neutralise
from results.manage.forms import (
    CampaignForm,
    DashboardFilterForm,
    EmailTemplateForm,
    LockForm,
    QueryResolveForm,
    ReasonForm,
    RegisterUploadForm,
    ZoneFilterForm,
    ZoneForm,
)
from results.manage.queries import raise_form
from results.statistics.response_rates import edition_response_rates
from survey import audit, links
from survey.access import administrator_view, researcher_view
from survey.accounts.researchers import researcher_role_toggle
from survey.answering.history import (
    ResponseStateError,
    response_history,
    response_lock,
    response_reopen,
)
from survey.answering.preloading import answer_origins
from survey.fieldwork.campaigns import (
    CampaignError,
    campaign_counts,
    campaign_create,
    campaign_retry,
    email_templates_install,
)
from survey.fieldwork.progress import zone_progress
from survey.models import Campaign, Edition, EmailTemplate, Response, User, Zone
from survey.upload_limit import upload_view
from survey.zones.register import parse_register, register_save


@researcher_view
def zone_list(request):
    form = ZoneFilterForm(request.GET or None)
    zones = Zone.objects.select_related("successor").order_by("code")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"]
            zones = zones.filter(
                Q(code__icontains=q)
                | Q(name_nl__icontains=q)
                | Q(name_fr__icontains=q)
                | Q(contact_name__icontains=q)
                | Q(contact_email__icontains=q)
            )
        zones = zones.filter(**{k: data[k] for k in ("region", "language") if data[k]})
        if data["no_email"]:
            zones = zones.filter(contact_email="")
    page = Paginator(zones, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
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
        parsed = parse_register(upload.read(), upload.name)
        errors = parsed.errors
        if not errors:
            result = register_save(parsed=parsed, by=request.user)
            messages.success(
                request,
                _("Register imported: %(created)s zones created, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("results:zone_list")
    return render(request, "results/manage/zone_import.html", {"form": form, "errors": errors})


def _dashboard_rows(request, edition):
    form = DashboardFilterForm(request.GET or None, edition=edition)
    data = form.cleaned_data if form.is_valid() else {}
    module = edition.modules.filter(kind=data["module"]).first() if data.get("module") else None
    rows = zone_progress(edition, module=module)
    if data.get("region"):
        rows = [r for r in rows if r.zone.region == data["region"]]
    if data.get("status"):
        rows = [r for r in rows if r.status == data["status"]]
    return form, rows


@researcher_view
def fieldwork_dashboard(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    form, rows = _dashboard_rows(request, edition)
    context = {
        "edition": edition,
        "form": form,
        "rows": rows,
        "rates": edition_response_rates(edition),
        "campaigns": edition.campaigns.select_related("created_by").annotate(
            sent=Count("emails", filter=Q(emails__status="sent")),
            failed=Count("emails", filter=Q(emails__status="failed")),
            queued=Count("emails", filter=Q(emails__status="queued")),
        )[:20],
        "query": request.GET.urlencode(),
    }
    return render(request, "results/manage/dashboard.html", context)


@researcher_view
def fieldwork_csv(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    _form, rows = _dashboard_rows(request, edition)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fieldwork-{edition.code}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "zone",
            "name",
            "region",
            "language",
            "contact_email",
            "status",
            "submitted_modules",
            "started_modules",
            "last_activity",
        ]
    )
    for row in rows:
        writer.writerow(
            neutralise(v)
            for v in (
                row.zone.code,
                row.zone.name,
                row.zone.region,
                row.zone.language,
                row.zone.contact_email,
                row.status,
                row.submitted_modules,
                row.started_modules,
                row.last_activity.isoformat() if row.last_activity else "",
            )
        )
    return response


@researcher_view
def campaign_new(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    form = CampaignForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = campaign_create(
                edition=edition,
                kind=data["kind"],
                by=request.user,
                zones=data["zones"] or None,
                resend=data["resend"],
                site_url=links.request_site_url(request),
            )
        except CampaignError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(n)s messages queued.") % {"n": result.queued})
            if result.without_email:
                codes = ", ".join(z.code for z in result.without_email)
                messages.warning(
                    request, _("No e-mail address for zones %(codes)s.") % {"codes": codes}
                )
            if result.skipped:
                messages.info(
                    request,
                    _("%(n)s zones skipped (already invited, or submitted).")
                    % {"n": len(result.skipped)},
                )
            return redirect("results:campaign_detail", pk=result.campaign.pk)
    return render(request, "results/manage/campaign_new.html", {"edition": edition, "form": form})


@researcher_view
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("edition", "created_by"), pk=pk)
    context = {
        "campaign": campaign,
        "counts": campaign_counts(campaign),
        "emails": campaign.emails.select_related("zone"),
    }
    return render(request, "results/manage/campaign_detail.html", context)


@researcher_view
@require_POST
def campaign_retry_failed(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    count = campaign_retry(campaign=campaign, site_url=links.request_site_url(request))
    messages.success(request, _("%(n)s failed messages queued again.") % {"n": count})
    return redirect("results:campaign_detail", pk=campaign.pk)


@researcher_view
def email_template_list(request):
    email_templates_install()
    templates = EmailTemplate.objects.select_related("updated_by")
    return render(request, "results/manage/email_templates.html", {"templates": templates})


@researcher_view
def email_template_edit(request, pk):
    template = get_object_or_404(EmailTemplate, pk=pk)
    form = EmailTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        form.save()
        audit.record(by=request.user, obj=template, message=", ".join(form.changed_data))
        messages.success(request, _("The e-mail template was saved."))
        return redirect("results:email_template_list")
    return render(
        request, "results/manage/email_template_edit.html", {"template": template, "form": form}
    )


@researcher_view
def response_detail(request, response):
    response = get_object_or_404(
        Response.objects.select_related("zone", "module__edition", "submitted_by"), pk=response
    )
    context = {
        "response": response,
        "history": response_history(response),
        "origins": answer_origins(response.module, [response])[response.pk],
        "queries": response.queries.select_related("item__technology", "raised_by"),
        "query_form": raise_form(response),
        "resolve_form": QueryResolveForm(),
        "reopen_form": ReasonForm(),
        "lock_form": LockForm(),
    }
    return render(request, "results/manage/response.html", context)


@researcher_view
@require_POST
def response_state(request, response, action):
    response = get_object_or_404(Response, pk=response)
    form = (ReasonForm if action == "reopen" else LockForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _("State the reason."))
    else:
        service = response_reopen if action == "reopen" else response_lock
        try:
            service(response=response, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The response was updated."))
        except ResponseStateError as exc:
            messages.error(request, str(exc))
    return redirect("results:response_detail", response=response.pk)


@administrator_view
def researcher_list(request):
    users = User.objects.filter(is_active=True).order_by("-is_superuser", "-is_researcher", "email")
    return render(request, "results/manage/researchers.html", {"users": users})


@administrator_view
@require_POST
def researcher_toggle(request, pk):
    """Grant or revoke the researcher role. Administrators' own rights are not changed here."""
    researcher_role_toggle(user=get_object_or_404(User, pk=pk, is_superuser=False), by=request.user)
    return redirect("results:researcher_list")
