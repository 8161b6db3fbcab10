"""Forms of the drafting pages of a questions module and of the questionnaire workbook."""

from django import forms
from django.utils.translation import gettext_lazy as _

from survey.codes import validate_code
from survey.languages import LANGUAGES
from survey.models import Edition, Module, Question

MODULE_TEXTS = [f"{key}_{lang}" for key in ("title", "question", "intro") for lang in LANGUAGES]


def _codes(value: str) -> list[str]:
    return [code for code in value.replace(",", " ").split() if code]


class QuestionsModuleForm(forms.ModelForm):
    """The wording of a questions module and the technologies it follows up."""

    follow_up_codes = forms.CharField(
        label=_("Technologies followed up"),
        required=False,
        help_text=_("Technology codes of the general module, separated by spaces."),
    )

    class Meta:
        model = Module
        fields = MODULE_TEXTS
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in MODULE_TEXTS if "title" not in f}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_codes"].initial = " ".join(self.instance.follow_up or [])

    def clean_follow_up_codes(self):
        codes = _codes(self.cleaned_data["follow_up_codes"])
        known = set(
            self.instance.edition.modules.filter(kind=Module.Kind.GENERAL).values_list(
                "items__technology__code", flat=True
            )
        )
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(
                _("Not technologies of the general module: %(codes)s")
                % {"codes": ", ".join(unknown)}
            )
        self.instance.follow_up = codes
        return codes


class ModuleAddForm(forms.Form):
    code = forms.CharField(label=_("Module code"), max_length=20, validators=[validate_code])
    follow_up = forms.CharField(label=_("Technologies followed up"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in (("title", _("Title")), ("question", _("Question")),
                           ("intro", _("Introduction"))):  # fmt: skip
            for lang in LANGUAGES:
                self.fields[f"{key}_{lang}"] = forms.CharField(
                    label=f"{label} ({lang})",
                    required=key != "intro" and lang in ("nl", "fr", "en"),
                    widget=forms.Textarea(attrs={"rows": 2}) if key != "title" else None,
                )

    def spec(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "follow_up": _codes(data["follow_up"]),
            **{key: {lang: data[f"{key}_{lang}"] for lang in LANGUAGES}
               for key in ("title", "question", "intro")},
            "questions": [],
        }  # fmt: skip


class QuestionForm(forms.ModelForm):
    answers = forms.CharField(
        label=_("Answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One choice and several choices: one answer per line, "
            "“code | nl | fr | de | en | flags”, flags “exclusive” and/or “missing” "
            "(don't know), e.g. “9 | weet niet | ne sait pas | weiß nicht | don't know | missing”."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "code", "type", *[f"text_{lang}" for lang in LANGUAGES],
            *[f"help_{lang}" for lang in LANGUAGES], "per_technology", "choices_from", "optional",
            "min_value", "max_value", "dont_know", "max_length",
            "condition_question", "condition_operator", "condition_value",
        ]  # fmt: skip
        widgets = {f"{k}_{lang}": forms.Textarea(attrs={"rows": 2})
                   for k in ("text", "help") for lang in LANGUAGES}  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["answers"].initial = "\n".join(
                " | ".join(
                    [c.code, c.label_nl, c.label_fr, c.label_de, c.label_en,
                     " ".join(f for f in ("exclusive", "missing") if getattr(c, f))]
                ).rstrip(" |")
                for c in self.instance.choices.all()
            )  # fmt: skip

    def clean_answers(self):
        choices = []
        for number, line in enumerate(self.cleaned_data["answers"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 4:
                raise forms.ValidationError(
                    _("Line %(n)s: write at least code | nl | fr | de | en.") % {"n": number}
                )
            parts += [""] * (6 - len(parts))
            flags = parts[5].split()
            if set(flags) - {"exclusive", "missing"}:
                raise forms.ValidationError(
                    _("Line %(n)s: the flags are “exclusive” and “missing”.") % {"n": number}
                )
            choices.append(
                {"code": parts[0], **{f"label_{lang}": parts[1 + i] for i, lang in
                                      enumerate(LANGUAGES)},
                 "exclusive": "exclusive" in flags, "missing": "missing" in flags}
            )  # fmt: skip
        return choices


class WorkbookUploadForm(forms.Form):
    code = forms.CharField(
        label=_("Code of the new draft edition"), max_length=20, help_text=_("e.g. 2026")
    )
    file = forms.FileField(label=_("Questionnaire workbook (XLSX)"))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Edition.objects.filter(code=code).exists():
            raise forms.ValidationError(_("An edition with this code exists."))
        return code
