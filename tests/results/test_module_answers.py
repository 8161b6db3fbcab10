"""A module's answers read once for the availability table and the predictors: each group holds
exactly the submitted responses that gave one code to one item (on PostgreSQL packed into one
binary string per group, elsewhere read row by row: the same groups either way)."""

from results.statistics.availability import availability
from results.statistics.module_answers import module_answers
from tests import factories as f


def test_each_group_holds_the_submitted_responses_that_gave_its_code(db):
    module = f.questionnaire(items=2)
    drone, bodycam = module.items.order_by("order")
    given = {}
    for number, codes in enumerate([(0, 5), (3, 5), (3, 9), (0, None)]):
        response = f.SubmittedResponseFactory(
            module=module, zone=f.ZoneFactory(code=f"90{number}0")
        )
        for item, code in zip((drone, bodycam), codes, strict=True):
            if code is not None:
                f.AnswerFactory(response=response, item=item, code=code)
                given.setdefault((item.pk, code), set()).add(response.pk)
    draft = f.ResponseFactory(module=module, zone=f.ZoneFactory(code="9990"))
    f.AnswerFactory(response=draft, item=drone, code=5)  # not submitted: never counted

    answers = module_answers(module)

    groups = {(g.item, g.code): set(g.responses.tolist()) for g in answers.groups}
    assert groups == given
    assert all(g.responses.dtype.kind == "i" for g in answers.groups)
    assert answers.counts() == {
        drone.pk: {0: 2, 3: 2},
        bodycam.pk: {5: 2, 9: 1},
    }
    assert availability(module, counts=answers.counts()) == availability(module)


def test_a_module_without_submitted_answers_has_no_groups(db):
    module = f.questionnaire(items=1)
    f.AnswerFactory(response=f.ResponseFactory(module=module), item=module.items.get())
    assert module_answers(module).groups == []
    assert module_answers(module).counts() == {}
