"""How review states read on screen, and the code that stands for a proposal in a blind round."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from innolab.models import AssignmentStatus, Recommendation, ReviewRound
from innolab.pipeline.requirements import FIELD_LABELS

# What a reviewer reads of a proposal: its written sections, none of which names the team or the unit.
SECTION_FIELDS = ("summary", "background", "goals", "novelty", "implementation", "significance", "adaptability",
                  "resources", "sustainability", "beneficiaries")

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


def proposal_sections(innovation) -> list[tuple[object, str]]:
    """The proposal's written sections that have text, under the labels of the proposal form."""
    return [(FIELD_LABELS[name], getattr(innovation, name)) for name in SECTION_FIELDS if getattr(innovation, name)]
