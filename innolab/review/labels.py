"""How review states read on screen, and the code that stands for a proposal in a blind round."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from innolab.models import AssignmentStatus, Recommendation, ReviewRound

RECOMMENDATION_LABELS = {
    Recommendation.ADVANCE: _l("Lanjut ke tahap berikutnya"),
    Recommendation.REVISE: _l("Perlu revisi"),
    Recommendation.HOLD: _l("Ditunda"),
    Recommendation.REJECT: _l("Ditolak"),
}

ASSIGNMENT_STATUS_LABELS = {
    AssignmentStatus.PENDING: _l("Belum dikirim"),
    AssignmentStatus.DECLINED: _l("Ditolak penilai"),
    AssignmentStatus.SUBMITTED: _l("Sudah dikirim"),
}


def blind_code(round_: ReviewRound) -> str:
    """A neutral name for the proposal of a blind round; the same for every reviewer of that round."""
    return f"PB-{round_.id:05d}"
