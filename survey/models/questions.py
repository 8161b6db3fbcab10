"""Questions beyond the technology grid: one choice, several choices, a whole number, free text.

A question belongs to a module of form `questions`. It is asked once per zone, or once per
technology of the module's follow-up list that the zone has available in the general module of
the same edition. A condition (`condition_question` `condition_operator` `condition_value`) is
data: `survey.answering.conditions` is the one evaluator of it, and `Question.clean`
refuses an unknown question, a cycle or an operator that does not fit the other question's type.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from survey.codes import validate_code

from .definitions import Item, Module
from .translated import Labelled, pick

choice_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_]*$", _("Use lower-case letters, digits and underscores.")
)


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        INTEGER = "integer", _("Whole number")
        TEXT = "text", _("Free text")

    class Operator(models.TextChoices):
        INCLUDES = "includes", _("includes")
        EQUALS = "equals", _("equals")
        DIFFERS = "differs", _("differs from")

    class ChoicesFrom(models.TextChoices):
        FIXED = "", _("its own answer list")
        UNAVAILABLE = (
            "unavailable",
            _("the technologies the zone reported as not available, plus its own list"),
        )

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=40, validators=[validate_code])
    order = models.PositiveIntegerField(_("order"), default=0)
    type = models.CharField(_("type"), max_length=10, choices=Type)
    text_nl = models.TextField(_("question (nl)"))
    text_fr = models.TextField(_("question (fr)"))
    text_de = models.TextField(_("question (de)"), blank=True)
    text_en = models.TextField(_("question (en)"))
    help_nl = models.TextField(_("help (nl)"), blank=True)
    help_fr = models.TextField(_("help (fr)"), blank=True)
    help_de = models.TextField(_("help (de)"), blank=True)
    help_en = models.TextField(_("help (en)"), blank=True)
    per_technology = models.BooleanField(
        _("once per technology"),
        default=False,
        help_text=_("Asked for each followed-up technology the zone has available."),
    )
    choices_from = models.CharField(
        _("answer list"), max_length=20, choices=ChoicesFrom, blank=True, default=""
    )
    optional = models.BooleanField(
        _("optional"), default=False, help_text=_("Not listed as unanswered on the review page.")
    )
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    dont_know = models.IntegerField(
        _("don't know code"), null=True, blank=True, help_text=_("e.g. 9999; empty: none.")
    )
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    condition_question = models.CharField(_("asked only when question"), max_length=40, blank=True)
    condition_operator = models.CharField(
        _("operator"), max_length=10, choices=Operator, blank=True
    )
    condition_value = models.CharField(_("value"), max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "code"], name="question_unique_code")
        ]
        ordering = ["module", "order", "id"]
        verbose_name = _("question")

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return pick(self, "text")

    @property
    def help(self) -> str:
        return pick(self, "help")

    def text_in(self, language: str) -> str:
        return pick(self, "text", language)

    @property
    def has_choices(self) -> bool:
        return self.type in (self.Type.SINGLE, self.Type.MULTIPLE)

    @property
    def has_condition(self) -> bool:
        return bool(self.condition_question)

    def clean(self):
        errors = {}
        if self.type == self.Type.INTEGER:
            if (
                self.min_value is not None
                and self.max_value is not None
                and self.min_value > self.max_value
            ):
                errors["max_value"] = _("The maximum is below the minimum.")
            if self.dont_know is not None and (
                (self.min_value is None or self.min_value <= self.dont_know)
                and (self.max_value is None or self.dont_know <= self.max_value)
            ):
                errors["dont_know"] = _("The don't know code must lie outside the bounds.")
        if self.choices_from and self.type != self.Type.MULTIPLE:
            errors["choices_from"] = _("Only a several-choices question takes this answer list.")
        if self.module_id and self.code:
            problems = condition_errors(self)
            if problems:
                errors["condition_question"] = problems
        if errors:
            raise ValidationError(errors)


def condition_errors(question: Question) -> list[str]:
    """What is wrong with a question's condition (empty when nothing): an unknown question, a
    cycle, or an operator or value that does not fit the other question's type."""
    fields = (question.condition_question, question.condition_operator)
    if not any(fields) and not question.condition_value:
        return []
    if not all(fields):
        return [_("A condition needs a question and an operator.")]
    others = {
        q.code: q for q in Question.objects.filter(module_id=question.module_id).exclude(
            pk=question.pk
        )
    }  # fmt: skip
    others[question.code] = question
    target = others.get(question.condition_question)
    if target is None or target is question:
        return [
            _("The condition refers to %(code)s, which is not another question of this module.")
            % {"code": question.condition_question}
        ]
    errors = []
    seen, current = {question.code}, target
    while current is not None and current.condition_question:
        if current.condition_question in seen or current.code in seen:
            errors.append(
                _("The condition makes a cycle: %(path)s.")
                % {"path": " → ".join([*seen, current.code])}
            )
            break
        seen.add(current.code)
        current = others.get(current.condition_question)
    operator = question.condition_operator
    if operator == Question.Operator.INCLUDES and target.type != Question.Type.MULTIPLE:
        errors.append(
            _("“includes” needs a several-choices question; %(code)s is %(type)s.")
            % {"code": target.code, "type": target.get_type_display()}
        )
    if operator in (Question.Operator.EQUALS, Question.Operator.DIFFERS) and target.type not in (
        Question.Type.SINGLE,
        Question.Type.INTEGER,
    ):
        errors.append(
            _("“%(operator)s” needs a one-choice or number question; %(code)s is %(type)s.")
            % {
                "operator": Question.Operator(operator).label,
                "code": target.code,
                "type": target.get_type_display(),
            }
        )
    if target.has_choices and target.pk:
        codes = set(target.choices.values_list("code", flat=True))
        if target.choices_from == Question.ChoicesFrom.UNAVAILABLE:
            codes |= set(
                Item.objects.filter(
                    module__edition_id=question.module.edition_id,
                    module__kind=Module.Kind.GENERAL,
                ).values_list("technology__code", flat=True)
            )
        if question.condition_value not in codes:
            errors.append(
                _("%(value)s is not an answer of %(code)s.")
                % {"value": question.condition_value, "code": target.code}
            )
    if target.type == Question.Type.INTEGER:
        try:
            int(question.condition_value)
        except ValueError:
            errors.append(_("Compare a number question with a whole number."))
    if target.per_technology and not question.per_technology:
        errors.append(
            _(
                "A question asked once per zone cannot depend on %(code)s, which is asked per "
                "technology."
            )
            % {"code": target.code}
        )
    return errors


class Choice(Labelled):
    """An answer of a one-choice or several-choices question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    code = models.CharField(_("code"), max_length=40, validators=[choice_code_validator])
    order = models.PositiveIntegerField(_("order"), default=0)
    exclusive = models.BooleanField(
        _("exclusive"), default=False, help_text=_("Cannot be combined with other answers.")
    )
    missing = models.BooleanField(
        _("don't know"), default=False, help_text=_("Declared missing in SPSS and Stata files.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="choice_unique_code")
        ]
        ordering = ["question", "order", "id"]
        verbose_name = _("answer option")

    def clean(self):
        if (
            self.question_id
            and self.question.type == Question.Type.SINGLE
            and not self.code.isdigit()
        ):
            raise ValidationError({"code": _("A one-choice answer has a numeric code.")})


class QuestionAnswer(models.Model):
    """The answer to one question (for one technology): its value in canonical text form.

    Several choices are stored as their codes joined by commas in list order. An answer to a
    question that no longer applies is kept; `survey.answering.conditions` leaves it out
    everywhere.
    """

    response = models.ForeignKey(
        "survey.Response", on_delete=models.CASCADE, related_name="question_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    technology = models.ForeignKey(
        "survey.Technology", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "technology"],
                name="questionanswer_unique_per_technology",
                condition=models.Q(technology__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                name="questionanswer_unique_per_zone",
                condition=models.Q(technology__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.technology_id}={self.value}"
