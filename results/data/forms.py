"""Forms of the data pages: export options and the response file upload."""

from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from results.data.exports import ExportOptions
from survey.tabular import too_large, upload_limits

FORMAT_CHOICES = [
    ("csv", _("CSV (wide, as imported)")),
    ("xlsx", _("Excel XLSX (wide, with codebook sheet)")),
    ("sav", _("SPSS .sav")),
    ("dta", _("Stata .dta")),
    ("long", _("Long CSV (zone, item, code) for R")),
]
LANGUAGE_CHOICES = [("nl", "Nederlands"), ("fr", "Français"), ("de", "Deutsch"), ("en", "English")]
ATTRIBUTE_CHOICES = [
    ("", _("Format default (SPSS/Stata: yes; CSV/XLSX: no)")),
    ("yes", _("Yes")),
    ("no", _("No")),
]


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    language = forms.ChoiceField(label=_("Language of the labels"), choices=LANGUAGE_CHOICES)
    with_attributes = forms.ChoiceField(
        label=_("Zone attributes"), choices=ATTRIBUTE_CHOICES, required=False
    )
    pseudonymise = forms.BooleanField(
        label=_("Pseudonymise (no zone codes, names or exact staff)"), required=False
    )

    def options(self) -> ExportOptions:
        data = self.cleaned_data
        return ExportOptions(
            format=data["format"],
            language=data["language"],
            pseudonymise=data["pseudonymise"],
            with_attributes={"yes": True, "no": False}.get(data["with_attributes"]),
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Response file"))
    replace = forms.BooleanField(
        label=_("Replace the answers of zones that already responded"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (comma or semicolon separated) or XLSX, at most %(size)s."
        ) % {"size": filesizeformat(upload_limits().max_bytes)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = upload_limits().max_bytes
        if upload.size > limit:
            raise forms.ValidationError(too_large(upload.size, limit))
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
