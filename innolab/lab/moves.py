"""The pipeline moves the lab makes, grouped by the page that makes them, with their labels."""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from innolab.pipeline.stages import Stage, Status
from innolab.pipeline.transitions import Move, allowed_moves

SCREENING_MOVES = frozenset({Move.START_REVIEW, Move.RETURN})
# Gate decisions, taking a held proposal back, and running on or stopping in scaling: all need a reason.
DECISION_MOVES = (Move.ADVANCE, Move.REQUEST_REVISION, Move.HOLD, Move.REJECT, Move.RESUME, Move.MARK_ACTIVE,
                  Move.MARK_STOPPED)
# A decision that ends the round; HOLD keeps it open so that RESUME carries on with the same reviewers.
CLOSES_ROUND = frozenset({Move.ADVANCE, Move.REQUEST_REVISION, Move.REJECT})
PUBLISHABLE_STAGES = frozenset({Stage.PILOTING, Stage.SCALING})
UNPUBLISHABLE_STATUSES = frozenset({Status.DRAFT, Status.REJECTED, Status.WITHDRAWN})

MOVE_LABELS = {
    Move.START_REVIEW: _l("Lolos seleksi administrasi"),
    Move.RETURN: _l("Dikembalikan pada seleksi administrasi"),
    Move.ADVANCE: _l("Lanjut ke tahap berikutnya"),
    Move.REQUEST_REVISION: _l("Perlu revisi"),
    Move.HOLD: _l("Ditunda"),
    Move.REJECT: _l("Ditolak"),
    Move.RESUME: _l("Penilaian dilanjutkan"),
    Move.MARK_ACTIVE: _l("Berlanjut"),
    Move.MARK_STOPPED: _l("Berhenti"),
}


def decision_moves(innovation) -> list[Move]:
    """The decisions the pipeline allows on the innovation where it stands, in a stable order."""
    allowed = set(allowed_moves(innovation.stage, innovation.status))
    return [move for move in DECISION_MOVES if move in allowed]


def in_default_language(lazy_text) -> str:
    """Text frozen into a stored message (a notification payload) in the site's default language."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(lazy_text)
