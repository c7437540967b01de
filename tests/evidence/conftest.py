"""Evidence fixtures: reference checklists and a draft of the signed-in innovator."""
from __future__ import annotations

import pytest

from innolab.extensions import db
from innolab.pipeline.defaults import ensure_reference_data
from innolab.proposals import services
from innolab.vocab import Role


@pytest.fixture
def checklists():
    """The default checklists of every stage (ideation: photo optional; prototyping: SK tim, planning required)."""
    ensure_reference_data()
    db.session.commit()


@pytest.fixture
def team_draft(login_as, checklists):
    """A draft of the signed-in innovator; returns (user, innovation)."""
    user = login_as(Role.INNOVATOR)
    innovation = services.create_draft(user, {"title": "Antrean Daring Puskesmas"})
    db.session.commit()
    return user, innovation
