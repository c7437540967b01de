import pytest

from tests.comments.cast import build_cast, sign_in  # noqa: F401  (a fixture shared with tests/notifications)


@pytest.fixture
def cast(make_user, make_unit):
    return build_cast(make_user, make_unit)


@pytest.fixture
def blind_cast(make_user, make_unit):
    return build_cast(make_user, make_unit, blind=True)
