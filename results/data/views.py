"""Data in and out for researchers: exports, codebook, and the response file import."""

from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from results.data.codebook import codebook
from results.data.exports import CONTENT_TYPES, export_filename, export_log
from results.data.exports.ddi import ddi_filename, ddi_xml
from results.data.exports.files import export_stream, private_file
from results.data.exports.paradata import paradata_csv, paradata_filename
from results.data.exports.text import codebook_csv
from results.data.exports.workbook import write_codebook_xlsx
from results.data.forms import ExportForm, ImportForm
from results.data.imports import wide_layout
from results.data.pending_imports import (
    pending_import_confirm,
    pending_import_create,
    pending_import_for_user_or_404,
    pending_import_result,
)
from survey.access import researcher_view
from survey.models import Edition, Module
from survey.upload_limit import upload_view


def _module_or_404(edition, module) -> Module:
    return get_object_or_404(
        Module.objects.select_related("edition", "scale", "role_scale"),
        edition__code=edition,
        kind=module,
    )


def _attachment(content, filename, content_type):
    """Private downloads: an attachment no cache keeps."""
    if hasattr(content, "read"):
        response = FileResponse(
            content, as_attachment=True, filename=filename, content_type=content_type
        )
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    return response


@researcher_view
@require_GET
def data_index(request):
    editions = (
        Edition.objects.listable().prefetch_related("modules").order_by("-fieldwork_start", "-code")
    )
    language = (get_language() or "nl")[:2]
    context = {"editions": editions, "form": ExportForm(initial={"language": language})}
    # Rendered once per data version (editions and modules move it) and language.
    return render(request, "results/data/index.html", context)


@researcher_view
@require_GET
def export_download(request, edition, module):
    module = _module_or_404(edition, module)
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a format and a language for the export."))
        return redirect("results:data")
    options = form.options()
    content = export_stream(module, options, user=request.user)
    return _attachment(content, export_filename(module, options), CONTENT_TYPES[options.format])


@researcher_view
@require_GET
def paradata_download(request, edition, module):
    """Paradata of a module's responses (a separate file beside the response exports)."""
    module = _module_or_404(edition, module)
    pseudonymise = request.GET.get("pseudonymise") == "on"
    content = paradata_csv(module, pseudonymise=pseudonymise, user=request.user)
    return _attachment(
        content, paradata_filename(module, pseudonymise=pseudonymise), CONTENT_TYPES["csv"]
    )


@researcher_view
@require_GET
def codebook_page(request, edition):
    """Its table is rendered once per data version and language (a `{% results_cache %}` block)."""
    edition = get_object_or_404(Edition, code=edition)
    return render(
        request,
        "results/data/codebook.html",
        {
            "edition": edition,
            "modules": edition.modules.order_by("order"),
            "variables": SimpleLazyObject(lambda: codebook(edition)),
        },
    )


@researcher_view
@require_GET
def codebook_download(request, edition, fmt):
    edition = get_object_or_404(Edition, code=edition)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    variables = codebook(edition)
    if fmt == "xlsx":
        content = private_file(lambda path: write_codebook_xlsx(variables, path), ".xlsx")
    else:
        content = codebook_csv(variables)
    export_log(
        user=request.user,
        edition=edition,
        module=None,
        format=f"codebook-{fmt}",
        options={},
        rows=len(variables),
    )
    return _attachment(content, f"codebook_{edition.code}.{fmt}", CONTENT_TYPES[fmt])


@researcher_view
@require_GET
def ddi_download(request, edition, module):
    """The module's metadata as DDI-Codebook 2.5 XML, for data archives."""
    module = _module_or_404(edition, module)
    content = ddi_xml(module)
    export_log(
        user=request.user,
        edition=module.edition,
        module=module,
        format="ddi",
        options={},
        rows=0,
    )
    return _attachment([content], ddi_filename(module), "application/xml")


@upload_view
@researcher_view
@require_http_methods(["GET", "POST"])
def import_upload(request, edition, module):
    module = _module_or_404(edition, module)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pending = pending_import_create(
            module=module,
            filename=upload.name,
            content=upload.read(),
            replace=form.cleaned_data["replace"],
            user=request.user,
        )
        return redirect("results:data_import_preview", pending=pending.pk)
    columns = wide_layout(module).columns
    return render(
        request,
        "results/data/import.html",
        {"module": module, "form": form, "columns": columns},
    )


@researcher_view
@require_http_methods(["GET", "POST"])
def import_preview(request, pending):
    """The validation report and a preview; POST confirms and writes."""
    pending = pending_import_for_user_or_404(request.user, pending)
    if request.method == "POST":
        parsed = pending_import_confirm(pending=pending, user=request.user)
        if not parsed.errors:
            messages.success(
                request,
                _("%(total)s responses imported: %(new)s new, %(replaced)s replaced.")
                % {"total": len(parsed.rows), "new": parsed.new, "replaced": parsed.replaced},
            )
            return redirect("results:data")
    else:
        parsed = pending_import_result(pending)
    return render(
        request,
        "results/data/preview.html",
        {"pending": pending, "module": pending.module, "parsed": parsed},
    )
