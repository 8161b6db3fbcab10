import pytest

from tests import factories as f


@pytest.fixture
def editions(db):
    """2020 and 2023 general modules sharing technologies `drone` and `bodycam`; 2023 adds `x`."""
    old = f.questionnaire(edition=f.EditionFactory(code="2020"), items=0)
    new = f.questionnaire(edition=f.EditionFactory(code="2023"), items=0)
    for order, code in enumerate(["drone", "bodycam"]):
        tech = f.TechnologyFactory(code=code)
        f.ItemFactory(module=old, technology=tech, order=order)
        f.ItemFactory(module=new, technology=tech, order=order)
    f.ItemFactory(module=new, technology=f.TechnologyFactory(code="x"), order=9)
    return old, new
