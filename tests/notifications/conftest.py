import pytest

from tests.comments.cast import build_cast
from tests.smtp import free_port, smtp_on


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on loopback; its Inbox holds what it received."""
    with smtp_on(app) as inbox:
        yield inbox


@pytest.fixture
def smtp_down(app):
    """A configured mail server that refuses every connection."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    yield
    app.config.update(MAIL_SERVER=None, MAIL_PORT=25)


@pytest.fixture
def cast(make_user, make_unit):
    return build_cast(make_user, make_unit)
