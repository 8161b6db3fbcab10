"""Questionnaire wording is data: one field per language, German falling back to French."""

from django.db import models
from django.utils import translation

from survey.languages import wording_chain


def pick(obj, prefix: str, language: str | None = None) -> str:
    """The text of `prefix_<language>`, falling back as the brief asks (de → fr)."""
    language = (language or translation.get_language() or "nl")[:2]
    for lang in wording_chain(language):
        value = getattr(obj, f"{prefix}_{lang}", "")
        if value:
            return value
    return ""


class Labelled(models.Model):
    label_nl = models.CharField("label (nl)", max_length=300)
    label_fr = models.CharField("label (fr)", max_length=300)
    label_de = models.CharField("label (de)", max_length=300, blank=True)
    label_en = models.CharField("label (en)", max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self, "label")

    def label_in(self, language: str) -> str:
        return pick(self, "label", language)
