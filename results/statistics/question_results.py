"""Results of a questions module (deployment.md, "Results the researchers expect").

Per followed-up technology the base is the zones that were asked (submitted responses of zones
that have it available in the general module); per question the distribution of its answers
with that base, several choices as the share of zones selecting each option, whole numbers as
n, median, quartiles and range with "don't know" apart. Which zone was asked what, and which
answers count, comes from the one evaluator (`survey.answering.conditions`); answers
kept for questions that no longer apply are never counted. The same split by region and by
size class.
"""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from results.statistics.percentages import percent
from survey.answering.conditions import ModuleQuestions, Slot, split_codes
from survey.models import Question, Response
from survey.models.definitions import Region
from survey.models.zones import SizeClass, size_class

NO_ANSWER = "no_answer"


@dataclass(frozen=True)
class OptionShare:
    code: str
    label: str
    count: int
    percent: Decimal | None


@dataclass(frozen=True)
class Numbers:
    n: int
    median: float | None
    q1: float | None
    q3: float | None
    minimum: int | None
    maximum: int | None
    dont_know: int


@dataclass(frozen=True)
class QuestionResult:
    code: str
    type: str
    text: str
    base: int  # zones asked
    answered: int
    options: list[OptionShare] = field(default_factory=list)  # one/several choices
    numbers: Numbers | None = None
    texts: int = 0  # free text: how many wrote something


@dataclass(frozen=True)
class TechnologyResult:
    code: str
    label: str
    base: int  # zones asked (= responding zones that have it)
    questions: list[QuestionResult]


@dataclass(frozen=True)
class ModuleResults:
    responded: int
    technologies: list[TechnologyResult]
    questions: list[QuestionResult]  # asked once per zone


def _quartiles(values: list[int]) -> tuple[float, float, float]:
    if len(values) == 1:
        return float(values[0]), float(values[0]), float(values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def _result(
    definitions, question: Question, cells: list[tuple[str | None, list]]
) -> QuestionResult:
    """`cells`: (counted value, offered options) of each zone that was asked."""
    base = len(cells)
    values = [value for value, _options in cells if value is not None]
    result = {"code": question.code, "type": question.type, "text": question.text, "base": base,
              "answered": len(values)}  # fmt: skip
    if question.type == Question.Type.TEXT:
        return QuestionResult(**result, texts=len(values))
    if question.type == Question.Type.INTEGER:
        dont_know = str(question.dont_know) if question.dont_know is not None else None
        numbers = sorted(int(v) for v in values if v != dont_know)
        q1 = median = q3 = None
        if numbers:
            q1, median, q3 = _quartiles(numbers)
        return QuestionResult(
            **result,
            numbers=Numbers(
                n=len(numbers),
                median=median,
                q1=q1,
                q3=q3,
                minimum=numbers[0] if numbers else None,
                maximum=numbers[-1] if numbers else None,
                dont_know=sum(1 for v in values if v == dont_know),
            ),
        )
    counts: dict[str, int] = {}
    for value in values:
        for code in split_codes(value):
            counts[code] = counts.get(code, 0) + 1
    options = [
        OptionShare(option.code, option.label, counts.get(option.code, 0),
                    percent(counts.get(option.code, 0), base))
        for option in definitions.all_options(question)
        if question.type == Question.Type.SINGLE or option.code in counts
        or not question.choices_from
    ]  # fmt: skip
    if question.type == Question.Type.SINGLE:
        unanswered = base - len(values)
        options.append(OptionShare(NO_ANSWER, "", unanswered, percent(unanswered, base)))
    return QuestionResult(**result, options=options)


def _aggregate(definitions: ModuleQuestions, evaluations: list) -> ModuleResults:
    per_slot: dict[tuple, list] = {}
    for evaluation in evaluations:
        for slot in evaluation.applicable():
            per_slot.setdefault(slot.ident, []).append(
                (evaluation.value(slot), evaluation.options[slot.ident])
            )
    technologies = []
    for item in definitions.technologies:
        asked = sum(1 for e in evaluations if e.has(item.technology))
        questions = [
            _result(definitions, q, per_slot.get(Slot(q, item.technology).ident, []))
            for q in definitions.questions
            if q.per_technology
        ]
        technologies.append(TechnologyResult(item.technology.code, item.label, asked, questions))
    zone_questions = [
        _result(definitions, q, per_slot.get(Slot(q, None).ident, []))
        for q in definitions.questions
        if not q.per_technology
    ]
    return ModuleResults(len(evaluations), technologies, zone_questions)


@dataclass(frozen=True)
class QuestionsReport:
    all: ModuleResults
    by_region: dict[str, ModuleResults]
    by_size_class: dict[str, ModuleResults]


def question_results(module, *, zones=None) -> QuestionsReport:
    """The module's results over its submitted responses (of `zones` when given), overall,
    by region and by size class; a fixed number of queries."""
    definitions = ModuleQuestions.load(module)
    responses = Response.objects.of_module(module).submitted()
    if zones is not None:
        responses = responses.filter(zone__in=zones)
    rows = list(responses.values_list("pk", "zone_id", "zone__region", "zone__staff"))
    general = definitions.general_answers({zone_id for _pk, zone_id, _r, _s in rows})
    stored = definitions.stored_answers([pk for pk, *_rest in rows])
    evaluated = [
        (region, size_class(staff), definitions.evaluate(general[zone_id], stored[pk]))
        for pk, zone_id, region, staff in rows
    ]
    everything = _aggregate(definitions, [e for _r, _s, e in evaluated])
    by_region = {
        code: _aggregate(definitions, [e for r, _s, e in evaluated if r == code])
        for code in Region.values
        if code in module.edition.regions
    }
    by_size = {
        code: _aggregate(definitions, [e for _r, s, e in evaluated if s == code])
        for code in SizeClass.values
    }
    return QuestionsReport(everything, by_region, by_size)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _question_json(result: QuestionResult) -> dict:
    data = {"code": result.code, "type": result.type, "base": result.base,
            "answered": result.answered}  # fmt: skip
    if result.options:
        key = "shares" if result.type == Question.Type.MULTIPLE else "distribution"
        data[key] = {o.code: {"count": o.count, "percent": _number(o.percent)}
                     for o in result.options}  # fmt: skip
    if result.numbers is not None:
        numbers = result.numbers
        data["numbers"] = {
            "n": numbers.n, "median": numbers.median, "q1": numbers.q1, "q3": numbers.q3,
            "min": numbers.minimum, "max": numbers.maximum, "dont_know": numbers.dont_know,
        }  # fmt: skip
    if result.type == Question.Type.TEXT:
        data["texts"] = result.texts
    return data


def module_results_json(results: ModuleResults) -> dict:
    return {
        "responded": results.responded,
        "technologies": [
            {
                "code": t.code,
                "base": t.base,
                "questions": [_question_json(q) for q in t.questions],
            }
            for t in results.technologies
        ],
        "questions": [_question_json(q) for q in results.questions],
    }


def questions_json(report: QuestionsReport) -> dict:
    return {
        **module_results_json(report.all),
        "by_region": {k: module_results_json(v) for k, v in report.by_region.items()},
        "by_size_class": {k: module_results_json(v) for k, v in report.by_size_class.items()},
    }
