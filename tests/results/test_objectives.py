from decimal import Decimal

from results.statistics.objectives import objective_roles
from tests import factories as f


def test_it_shares_major_roles_among_valid_answers_per_cell(db):
    module = f.questionnaire(kind="events", items=2, categories=2, objectives=2)
    categories = list(module.role_categories())
    objectives = list(module.objectives.order_by("order"))
    cell = (categories[0], objectives[1])
    for code in (4, 3, 0, 2, 9):
        response = f.SubmittedResponseFactory(module=module, zone=f.ZoneFactory())
        f.RoleAnswerFactory(response=response, category=cell[0], objective=cell[1], code=code)
    f.SubmittedResponseFactory(module=module, zone=f.ZoneFactory())  # no answer at all
    unsubmitted = f.ResponseFactory(module=module, zone=f.ZoneFactory())
    f.RoleAnswerFactory(response=unsubmitted, category=cell[0], objective=cell[1], code=4)

    roles = objective_roles(module)

    assert [(r.category, r.objective) for r in roles] == [
        (c.code, o.code) for c in categories for o in objectives
    ]
    role = roles[1]
    assert (role.base, role.major, role.percent) == (4, 2, Decimal("50.0"))
    assert role.distribution == {"0": 1, "1": 0, "2": 1, "3": 1, "4": 1, "9": 1, "no_answer": 1}
    empty = roles[0]
    assert (empty.base, empty.percent, empty.distribution["no_answer"]) == (0, None, 6)


def test_a_module_without_a_role_matrix_has_no_roles(db):
    assert objective_roles(f.questionnaire(items=1)) == []


def test_it_needs_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    for size in (1, 4):
        module = f.questionnaire(
            edition=f.EditionFactory(), kind="events", items=size, categories=size, objectives=size
        )
        with django_assert_max_num_queries(6):
            objective_roles(module)
