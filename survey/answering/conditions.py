"""The one evaluator of a questions module: which questions a zone is asked, with which answers.

A question is asked once per zone, or once per followed-up technology that the zone has
available in the general module of the same edition; it may carry a condition on another
question of the module. Pages, review, autosave, imports, exports and results all call
`ModuleQuestions.evaluate`, so an answer to a question that does not apply is counted nowhere
(it stays stored, and counts again when the question applies again).

Answers travel in a canonical text form: a choice code, codes joined by commas in list order,
a whole number in decimal, or the text itself.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from survey.combined_query import Part, rows_in_one_query
from survey.languages import LANGUAGES, wording_chain
from survey.models import Answer, Choice, Item, Module, Question, QuestionAnswer, ScalePoint

SEPARATOR = ","


@dataclass(frozen=True)
class Option:
    code: str
    labels: dict  # language → label
    exclusive: bool = False
    missing: bool = False

    def label_in(self, language: str) -> str:
        for lang in wording_chain(language):
            if self.labels.get(lang):
                return self.labels[lang]
        return self.code

    @property
    def label(self) -> str:
        from django.utils import translation

        return self.label_in((translation.get_language() or "nl")[:2])


@dataclass(frozen=True)
class Slot:
    """A question as asked: for the zone, or for one technology."""

    question: Question
    technology: object | None  # Technology

    @property
    def ident(self) -> tuple:
        return (self.question.pk, self.technology.pk if self.technology else None)

    @property
    def key(self) -> str:
        return slot_key(self.question.pk, self.technology.pk if self.technology else None)

    @property
    def column(self) -> str:
        if self.technology is None:
            return self.question.code
        return f"{self.question.code}__{self.technology.code}"


def slot_key(question_id, technology_id=None) -> str:
    if technology_id is None:
        return f"q-{question_id}"
    return f"q-{question_id}-{technology_id}"


def parse_slot_key(key: str) -> tuple[int, int | None]:
    """`q-12` or `q-12-7` → (12, None) or (12, 7); ValueError otherwise."""
    kind, *ids = key.split("-")
    if kind != "q" or len(ids) not in (1, 2):
        raise ValueError(key)
    return int(ids[0]), (int(ids[1]) if len(ids) == 2 else None)


def split_codes(value: str | None) -> list[str]:
    return [code for code in (value or "").split(SEPARATOR) if code]


@dataclass
class Evaluation:
    """One zone's view of the module: the slots that apply, their options and counted values."""

    sheet: "ModuleQuestions"
    applies: dict[tuple, bool]
    options: dict[tuple, list[Option]]
    stored: dict[tuple, str]  # everything stored, applicable or not
    general: dict[str, int] = field(default_factory=dict)  # the zone's general-module codes

    def has(self, technology) -> bool:
        """The zone has the technology available in the general module (codes 1–5)."""
        return self.general.get(technology.code) in self.sheet.available_codes

    def value(self, slot: Slot) -> str | None:
        """The counted answer: None when unanswered or not applicable; for several choices
        only the codes still offered (a technology acquired since is no longer 'considered')."""
        if not self.applies.get(slot.ident):
            return None
        value = self.stored.get(slot.ident)
        if value is not None and slot.question.type == Question.Type.MULTIPLE:
            offered = {o.code for o in self.options[slot.ident]}
            value = SEPARATOR.join(c for c in split_codes(value) if c in offered) or None
        return value

    def applicable(self) -> list[Slot]:
        return [s for s in self.sheet.slots if self.applies[s.ident]]

    def not_applicable_kept(self) -> list[Slot]:
        """Answers kept although their question no longer applies (shown as such)."""
        return [s for s in self.sheet.slots if not self.applies[s.ident] and s.ident in self.stored]

    def unanswered(self) -> list[Slot]:
        return [s for s in self.applicable() if not s.question.optional and self.value(s) is None]


@dataclass
class ModuleQuestions:
    """The definitions of a questions module, loaded once (a fixed number of queries)."""

    module: Module
    questions: list[Question]
    choices: dict[int, list[Choice]]
    technologies: list  # followed-up technologies, in general-module order, with item labels
    general: Module | None
    general_items: list[Item] = field(default_factory=list)
    available_codes: set = field(default_factory=set)
    unavailable_codes: set = field(default_factory=set)

    @classmethod
    def load(cls, module: Module) -> "ModuleQuestions":
        questions = list(module.questions.order_by("order", "id"))
        choices: dict[int, list[Choice]] = {q.pk: [] for q in questions}
        for choice in Choice.objects.filter(question__module=module).order_by("order", "id"):
            choices[choice.question_id].append(choice)
        general = (
            Module.objects.filter(edition_id=module.edition_id, kind=Module.Kind.GENERAL)
            .exclude(pk=module.pk)
            .first()
        )
        items, available, unavailable = [], set(), set()
        if general is not None:
            items = list(
                Item.objects.filter(module=general)
                .select_related("technology")
                .order_by("order", "id")
            )
            for point in ScalePoint.objects.filter(scale_id=general.scale_id):
                if point.counts_as_available:
                    available.add(point.code)
                elif point.is_valid:
                    unavailable.add(point.code)
        follow = set(module.follow_up or [])
        technologies = [item for item in items if item.technology.code in follow]
        return cls(module, questions, choices, technologies, general, items, available, unavailable)

    @property
    def by_code(self) -> dict[str, Question]:
        return {q.code: q for q in self.questions}

    @property
    def slots(self) -> list[Slot]:
        """Every slot the module can ask: zone questions, then per technology its questions
        (the page shows one section per technology)."""
        zone = [Slot(q, None) for q in self.questions if not q.per_technology]
        per_technology = [
            Slot(q, item.technology)
            for item in self.technologies
            for q in self.questions
            if q.per_technology
        ]
        return per_technology + zone

    def fixed_options(self, question: Question) -> list[Option]:
        return [
            Option(
                c.code,
                {lang: getattr(c, f"label_{lang}") for lang in LANGUAGES},
                c.exclusive,
                c.missing,
            )
            for c in self.choices.get(question.pk, [])
        ]

    def all_options(self, question: Question) -> list[Option]:
        """Every option the question can ever offer (export columns, codebook, import)."""
        options = self.fixed_options(question)
        if question.choices_from == Question.ChoicesFrom.UNAVAILABLE:
            options = [self._technology_option(item) for item in self.general_items] + options
        return options

    @staticmethod
    def _technology_option(item) -> Option:
        return Option(
            item.technology.code,
            {lang: getattr(item, f"label_{lang}") for lang in LANGUAGES},
        )

    def general_answers(self, zone_ids) -> dict[int, dict[str, int]]:
        """{zone id: {technology code: use code}} in the general module; one query."""
        result: dict[int, dict[str, int]] = {zone_id: {} for zone_id in zone_ids}
        if self.general is None:
            return result
        rows = Answer.objects.filter(
            response__module=self.general, response__zone_id__in=list(zone_ids)
        ).values_list("response__zone_id", "item__technology__code", "code")
        for zone_id, code, value in rows:
            result[zone_id][code] = value
        return result

    def stored_answers(self, response_ids) -> dict[int, dict[tuple, str]]:
        """{response id: {(question id, technology id): value}}; one query."""
        result: dict[int, dict[tuple, str]] = {rid: {} for rid in response_ids}
        rows = QuestionAnswer.objects.filter(response_id__in=list(response_ids)).values_list(
            "response_id", "question_id", "technology_id", "value"
        )
        for response_id, question_id, technology_id, value in rows:
            result[response_id][(question_id, technology_id)] = value
        return result

    def answer_parts(self, zone_ids, response_ids) -> dict[str, Part | None]:
        """The rows of `general_answers` and `stored_answers`, to read with a page's other rows
        (survey/combined_query.py); `answers_from_rows` reads them back."""
        general = None
        if self.general is not None:
            general = Part(
                Answer.objects.filter(
                    response__module=self.general, response__zone_id__in=list(zone_ids)
                ),
                {
                    "zone": "response__zone_id",
                    "technology": "item__technology__code",
                    "code": "code",
                },
            )
        fields = ("response", "question", "technology", "value")
        stored = Part(
            QuestionAnswer.objects.filter(response_id__in=list(response_ids)),
            {name: name if name == "value" else f"{name}_id" for name in fields},
        )
        return {"general_answers": general, "question_answers": stored}

    @staticmethod
    def answers_from_rows(rows, zone_ids, response_ids) -> tuple[dict, dict]:
        """({zone id: general-module codes}, {response id: stored values}) of `answer_parts`."""
        general: dict[int, dict[str, int]] = {zone_id: {} for zone_id in zone_ids}
        for row in rows.get("general_answers", []):
            general[row["zone"]][row["technology"]] = row["code"]
        stored: dict[int, dict[tuple, str]] = {rid: {} for rid in response_ids}
        for row in rows.get("question_answers", []):
            stored[row["response"]][(row["question"], row["technology"])] = row["value"]
        return general, stored

    def for_response(self, response, zone=None) -> Evaluation:
        """The zone's evaluation; one query."""
        zone_id = response.zone_id if response is not None else zone.pk
        responses = [response.pk] if response is not None else []
        rows = rows_in_one_query(self.answer_parts([zone_id], responses))
        general, stored = self.answers_from_rows(rows, [zone_id], responses)
        return self.evaluate(general[zone_id], stored.get(response.pk, {}) if responses else {})

    def evaluate(self, general: dict[str, int], stored: dict[tuple, str]) -> Evaluation:
        """Which slots apply for a zone whose general-module answers are `general`."""
        by_code = self.by_code
        unavailable_items = [
            item for item in self.general_items if general.get(item.technology.code) in
            self.unavailable_codes
        ]  # fmt: skip
        options: dict[tuple, list[Option]] = {}
        applies: dict[tuple, bool] = {}
        slots = self.slots
        by_ident = {s.ident: s for s in slots}

        def holds(slot: Slot, depth=0) -> bool:
            if slot.ident in applies:
                return applies[slot.ident]
            question = slot.question
            result = True
            if slot.technology is not None:
                result = general.get(slot.technology.code) in self.available_codes
            if result and question.has_condition and depth < len(self.questions):
                target = by_code.get(question.condition_question)
                if target is None:
                    result = False
                else:
                    ident = (target.pk, slot.technology.pk if target.per_technology else None)
                    target_slot = by_ident.get(ident)
                    result = target_slot is not None and holds(target_slot, depth + 1)
                    if result:
                        value = stored.get(ident)
                        if value is not None and target.type == Question.Type.MULTIPLE:
                            offered = {o.code for o in options_of(target_slot)}
                            value = SEPARATOR.join(c for c in split_codes(value) if c in offered)
                        result = condition_holds(question, target, value)
            applies[slot.ident] = result
            return result

        def options_of(slot: Slot) -> list[Option]:
            if slot.ident not in options:
                question = slot.question
                own = self.fixed_options(question)
                if question.choices_from == Question.ChoicesFrom.UNAVAILABLE:
                    own = [self._technology_option(i) for i in unavailable_items] + own
                options[slot.ident] = own
            return options[slot.ident]

        for slot in slots:
            options_of(slot)
            holds(slot)
        return Evaluation(self, applies, options, stored, general)


def condition_holds(question: Question, target: Question, value: str | None) -> bool:
    if not value:
        return False
    operator, expected = question.condition_operator, question.condition_value
    if operator == Question.Operator.INCLUDES:
        return expected in split_codes(value)
    if operator == Question.Operator.EQUALS:
        return value == expected
    if operator == Question.Operator.DIFFERS:
        return value != expected
    return False


def condition_text(question: Question, language: str | None = None) -> str:
    """The condition in words, for the codebook and the drafting pages."""
    parts = []
    if question.per_technology:
        parts.append(_("asked for each followed-up technology the zone has available (codes 1–5)"))
    if question.has_condition:
        parts.append(
            _("only when %(question)s %(operator)s %(value)s")
            % {
                "question": question.condition_question,
                "operator": Question.Operator(question.condition_operator).label
                if question.condition_operator in Question.Operator.values
                else question.condition_operator,
                "value": question.condition_value,
            }
        )
    if question.choices_from == Question.ChoicesFrom.UNAVAILABLE:
        parts.append(_("offers the technologies the zone reported as not available (code 0)"))
    return "; ".join(str(p) for p in parts) or str(_("asked of every zone"))


class InvalidAnswer(ValueError):
    """A value that does not fit its question; the message is in the reader's language."""


def canonical_value(slot: Slot, options: list[Option], raw) -> str | None:
    """The stored form of an answer as posted (text, number, code or list of codes); None to
    clear. Raises InvalidAnswer with a message naming the question."""
    question = slot.question
    name = question.text
    if isinstance(raw, list | tuple):
        codes = [str(c).strip() for c in raw if str(c).strip()]
        raw = SEPARATOR.join(codes)
    raw = "" if raw is None else str(raw)
    if question.type == Question.Type.TEXT:
        value = raw.strip()
        if question.max_length and len(value) > question.max_length:
            raise InvalidAnswer(
                _("“%(question)s”: at most %(limit)s characters (you wrote %(length)s).")
                % {"question": name, "limit": question.max_length, "length": len(value)}
            )
        return value or None
    raw = raw.strip()
    if not raw:
        return None
    if question.type == Question.Type.INTEGER:
        try:
            number = int(raw)
        except ValueError:
            raise InvalidAnswer(
                _("“%(question)s”: enter a whole number.") % {"question": name}
            ) from None
        if question.dont_know is not None and number == question.dont_know:
            return str(number)
        low, high = question.min_value, question.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            raise InvalidAnswer(
                _("“%(question)s”: enter a number from %(low)s to %(high)s.")
                % {
                    "question": name,
                    "low": "-∞" if low is None else low,
                    "high": "∞" if high is None else high,
                }
            )
        return str(number)
    offered = {o.code: o for o in options}
    codes = split_codes(raw)
    unknown = [c for c in codes if c not in offered]
    if unknown:
        raise InvalidAnswer(
            _("“%(question)s”: %(codes)s is not one of its answers.")
            % {"question": name, "codes": ", ".join(unknown)}
        )
    if question.type == Question.Type.SINGLE:
        if len(codes) != 1:
            raise InvalidAnswer(_("“%(question)s”: choose one answer.") % {"question": name})
        return codes[0]
    exclusive = [offered[c] for c in codes if offered[c].exclusive]
    if exclusive and len(set(codes)) > 1:
        raise InvalidAnswer(
            _("“%(question)s”: “%(answer)s” cannot be combined with other answers.")
            % {"question": name, "answer": exclusive[0].label}
        )
    chosen = set(codes)
    return SEPARATOR.join(o.code for o in options if o.code in chosen)
