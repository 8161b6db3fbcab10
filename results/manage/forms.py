"""Forms of the researchers' management pages (editions, questionnaire, zones, fieldwork)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from results.manage.widgets import LongSelect, LongSelectMultiple
from survey.codes import validate_code, validate_edition_code
from survey.fieldwork.campaigns import template_errors
from survey.fieldwork.progress import ZoneStatus
from survey.languages import LANGUAGES
from survey.models import (
    AnswerQuery,
    Category,
    Edition,
    EmailKind,
    EmailTemplate,
    Item,
    Module,
    Objective,
    Technology,
    Zone,
)
from survey.models.definitions import Region
from survey.zones.register import register_links, successor_cycles

LABELS = ("label_nl", "label_fr", "label_de", "label_en")
# The wording fields are plain model fields of survey's Labelled; their form labels are
# translated here, where researchers read them.
LABEL_NAMES = {
    "label_nl": _("Label (nl)"),
    "label_fr": _("Label (fr)"),
    "label_de": _("Label (de)"),
    "label_en": _("Label (en)"),
}


# What each move does, shown beside the form and confirmed before it happens.
CONSEQUENCES = {
    Edition.Status.OPEN: _(
        "Open: zones can answer, invitations and reminders can be sent; the questionnaire can "
        "no longer be changed."
    ),
    Edition.Status.CLOSED: _(
        "Close: zones can no longer answer; every response becomes read-only. A closed edition "
        "can be reopened with a stated reason."
    ),
    Edition.Status.ARCHIVED: _(
        "Archive: final. The edition keeps its results but can never be reopened or change "
        "status again."
    ),
}


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Edition.Status.choices)
    note = forms.CharField(
        label=_("Note (required when reopening a closed edition)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("I have read what this change does and want to make it."),
        required=True,
        error_messages={"required": _("Confirm the change of status first.")},
    )


class EditionCopyForm(forms.Form):
    code = forms.CharField(
        label=_("Code of the new edition"), max_length=20, validators=[validate_edition_code]
    )
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_de = forms.CharField(
        label=_("Name (German)"),
        max_length=200,
        required=False,
        help_text=_("Empty: the French name is shown."),
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    fieldwork_start = forms.DateField(
        label=_("Fieldwork start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    fieldwork_end = forms.DateField(
        label=_("Fieldwork end"), widget=forms.DateInput(attrs={"type": "date"})
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"), choices=Region.choices, widget=forms.CheckboxSelectMultiple
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Edition.objects.filter(code=code).exists():
            raise forms.ValidationError(_("An edition with this code exists already."))
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("fieldwork_start"), data.get("fieldwork_end")
        if start and end and end < start:
            self.add_error("fieldwork_end", _("Fieldwork cannot end before it starts."))
        return data


class ModuleTextForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = [
            f"{key}_{lang}"
            for key in ("title", "question", "intro", "role_question")
            for lang in LANGUAGES
        ]
        widgets = {
            f"{key}_{lang}": forms.Textarea(attrs={"rows": 2})
            for key in ("question", "intro", "role_question")
            for lang in LANGUAGES
        }


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["category", *LABELS]
        labels = {"category": _("Category"), **LABEL_NAMES}

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = edition.categories.all()


class ItemAddForm(forms.Form):
    """A technology from the catalogue, or a new one with a code and labels."""

    technology = forms.ModelChoiceField(
        label=_("Technology from the catalogue"), queryset=Technology.objects.none(), required=False
    )
    new_code = forms.CharField(
        label=_("…or the code of a new technology"),
        max_length=60,
        required=False,
        validators=[validate_code],
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    label_nl = forms.CharField(label=_("Label (nl)"), max_length=300, required=False)
    label_fr = forms.CharField(label=_("Label (fr)"), max_length=300, required=False)
    label_de = forms.CharField(label=_("Label (de)"), max_length=300, required=False)
    label_en = forms.CharField(label=_("Label (en)"), max_length=300, required=False)

    def __init__(self, *args, module, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technology"].queryset = Technology.objects.exclude(items__module=module)
        self.fields["category"].queryset = module.edition.categories.all()

    def clean(self):
        data = super().clean()
        technology, code = data.get("technology"), data.get("new_code")
        if bool(technology) == bool(code):
            raise forms.ValidationError(
                _("Choose a technology from the catalogue or give the code of a new one.")
            )
        if code:
            if Technology.objects.filter(code=code).exists():
                self.add_error(
                    "new_code", _("This technology exists; choose it from the catalogue.")
                )
            for field in ("label_nl", "label_fr", "label_en"):
                if not data.get(field):
                    self.add_error(field, _("A new technology needs this label."))
        return data

    def new_technology(self) -> dict | None:
        data = self.cleaned_data
        if data.get("technology"):
            return None
        return {"code": data["new_code"], **{f: data.get(f, "") for f in LABELS}}

    def labels(self) -> dict:
        return {f: self.cleaned_data.get(f, "") for f in LABELS}


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "order", *LABELS]
        labels = LABEL_NAMES


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["code", *LABELS]
        labels = {"code": _("Code"), **LABEL_NAMES}


class ZoneFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("All"))] + Region.choices, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("All"))] + list(Zone._meta.get_field("language").choices),
        required=False,
    )
    no_email = forms.BooleanField(label=_("Without e-mail only"), required=False)


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = ["contact_name", "contact_email", "language", "valid_to", "successor"]
        widgets = {"valid_to": forms.DateInput(attrs={"type": "date"}), "successor": LongSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Zone.objects.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        if data.get("successor") and not data.get("valid_to"):
            self.add_error("valid_to", _("A merged zone needs the date it ended."))
        successor = data.get("successor")
        links = register_links({self.instance.code: successor.code if successor else ""})
        if successor and self.instance.code in successor_cycles(links):
            self.add_error(
                "successor",
                _("successors form a cycle (a zone would succeed itself through others)"),
            )
        return data


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=_("Zone register file (CSV or XLSX)"))


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(label=_("Send"), choices=EmailKind.choices)
    zones = forms.ModelMultipleChoiceField(
        label=_("Only these zones (leave empty for the whole population)"),
        queryset=Zone.objects.none(),
        required=False,
        widget=LongSelectMultiple(attrs={"size": 8}),
    )
    resend = forms.BooleanField(
        label=_("Invite again zones that were invited before for this edition"), required=False
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zones"].queryset = Zone.objects.population(edition)


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def clean_subject(self):
        return self._placeholders_ok(self.cleaned_data["subject"])

    def clean_body(self):
        return self._placeholders_ok(self.cleaned_data["body"])

    def _placeholders_ok(self, text):
        errors = template_errors(text)
        if errors:
            raise forms.ValidationError(errors)
        return text


class EmailPreviewForm(forms.Form):
    """Which zone and edition a template's preview or test is written for."""

    zone = forms.ModelChoiceField(
        label=_("Example zone"),
        queryset=Zone.objects.order_by("code"),
        to_field_name="code",
        required=False,
        widget=LongSelect,
        empty_label=_("The first zone answering in this language"),
    )
    edition = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.order_by("-fieldwork_start", "-code"),
        to_field_name="code",
        required=False,
        empty_label=_("The latest edition"),
    )
    without_contact = forms.BooleanField(
        label=_("As for a zone without a contact name (neutral greeting)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].label_from_instance = lambda zone: f"{zone.code} {zone.name}"


DASHBOARD_SORTS = [
    ("code", _("Zone code (ascending)")),
    ("-code", _("Zone code (descending)")),
    ("name", _("Name (A to Z)")),
    ("-name", _("Name (Z to A)")),
    ("status", _("Status (not invited first)")),
    ("-status", _("Status (submitted first)")),
    ("-activity", _("Last activity (most recent first)")),
    ("activity", _("Last activity (oldest or none first)")),
]
DASHBOARD_PAGE_SIZES = (25, 50, 100, 200)
# The fields that choose which zones are listed (the CSV may follow them); sort and page size
# only change how the page shows them.
DASHBOARD_FILTERS = ("q", "status", "region", "module")


@dataclass(frozen=True)
class DashboardChoice:
    filters: dict  # keyword arguments of progress.zones_listed
    sort: str = "code"
    per_page: int = 50


class DashboardFilterForm(forms.Form):
    """The fieldwork dashboard's GET form. A value it refuses is reported beside its field and
    left out, so the list falls back to the default for it rather than failing."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Zone code, name, contact name or e-mail address."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + ZoneStatus.choices, required=False
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=Module.objects.none(),
        to_field_name="kind",
        empty_label=_("All modules"),
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=DASHBOARD_SORTS, required=False)
    per_page = forms.TypedChoiceField(
        label=_("Zones per page"),
        choices=[(n, n) for n in DASHBOARD_PAGE_SIZES],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All"))] + [
            (code, label) for code, label in Region.choices if code in edition.regions
        ]
        self.fields["module"].queryset = edition.modules.all()
        self.fields["module"].label_from_instance = lambda module: module.get_kind_display()

    def _accepted(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data then holds the fields it accepted
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def choice(self) -> DashboardChoice:
        accepted = self._accepted()
        return DashboardChoice(
            filters={
                "search": accepted.get("q", ""),
                "status": accepted.get("status", ""),
                "region": accepted.get("region", ""),
                "module": accepted.get("module"),
            },
            sort=accepted.get("sort", "code"),
            per_page=accepted.get("per_page", 50),
        )

    def filter_query(self) -> str:
        """The accepted filters as a query string, without sort or page ("" when none)."""
        accepted = self._accepted()
        return urlencode({name: self.data[name] for name in DASHBOARD_FILTERS if name in accepted})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class LockForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _codes(text: str) -> list[int]:
    try:
        codes = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()})
    except ValueError:
        raise forms.ValidationError(
            _("Write answer codes separated by commas, e.g. 4, 5.")
        ) from None
    if not codes or any(code < 0 or code > 99 for code in codes):
        raise forms.ValidationError(_("Write answer codes separated by commas, e.g. 4, 5."))
    return codes


class ImplausibleRuleForm(forms.Form):
    before = forms.CharField(label=_("Codes in the previous edition"), max_length=60)
    after = forms.CharField(label=_("Codes in this edition"), max_length=60)

    def clean_before(self):
        return _codes(self.cleaned_data["before"])

    def clean_after(self):
        return _codes(self.cleaned_data["after"])


class QueryRaiseForm(forms.Form):
    item = forms.ChoiceField(label=_("Item"), widget=LongSelect)
    text = forms.CharField(
        label=_("Question for the zone"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown to the zone as you write it."),
    )
    reopen = forms.BooleanField(
        label=_("Reopen the submitted response so that the zone can reply"), required=False
    )

    def __init__(self, *args, items=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.items = {str(item.pk): item for item in items}
        self.fields["item"].choices = [
            (
                str(item.pk),
                f"{item.code} – {item.label} ({answers.get(item.pk, '–')})",
            )
            for item in items
        ]

    def clean_item(self):
        return self.items[self.cleaned_data["item"]]


class QueryResolveForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=AnswerQuery.Resolution)
    code = forms.IntegerField(
        label=_("Corrected answer code"), required=False, min_value=0, max_value=99
    )
    note = forms.CharField(
        label=_("Answer or reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
