import pytest

from tests.comments.cast import build_cast


@pytest.fixture
def cast(make_user, make_unit):
    return build_cast(make_user, make_unit)


@pytest.fixture
def blind_cast(make_user, make_unit):
    return build_cast(make_user, make_unit, blind=True)
