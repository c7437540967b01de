"""The evidence panel of the proposal page: the checklists, what is missing, the evidence, and the forms."""
from __future__ import annotations

from dataclasses import dataclass

from innolab.evidence import services, storage
from innolab.evidence.checklist import requirements
from innolab.evidence.forms import EvidenceFileForm, EvidenceLinkForm
from innolab.extensions import db
from innolab.pipeline.stages import Stage
from innolab.policy import can
from innolab.proposals.panels import Panel
from innolab.vocab import EVIDENCE_KINDS

SCRIPT = "js/evidence.js"  # checks a chosen file's size before a long upload is refused


@dataclass(frozen=True)
class ChecklistRow:
    kind: str
    label: object
    required: bool
    done: bool


@dataclass(frozen=True)
class StageChecklist:
    stage: Stage
    is_current: bool
    rows: list[ChecklistRow]

    @property
    def missing(self) -> list[ChecklistRow]:
        return [row for row in self.rows if row.required and not row.done]


def evidence_context(innovation, user, file_form=None, link_form=None) -> dict:
    """Everything the evidence templates show; forms only for those who may add evidence now."""
    items = list(db.session.scalars(services.evidence_query(innovation)))
    have = {item.kind for item in items}  # any stage's evidence counts, as in checklist.missing_kinds
    checklists = [
        StageChecklist(stage, stage is innovation.stage,
                       [ChecklistRow(line.kind, EVIDENCE_KINDS.get(line.kind, line.kind), line.required,
                                     line.kind in have) for line in requirements(stage)])
        for stage in services.checklist_stages(innovation)
    ]
    may_add = can(user, "evidence.add", innovation)
    if may_add:
        kinds = services.allowed_kinds(innovation)
        file_form = file_form or EvidenceFileForm(kinds, formdata=None)
        link_form = link_form or EvidenceLinkForm(kinds, formdata=None)
    return {
        "innovation": innovation, "entries": items, "checklists": checklists, "kind_labels": EVIDENCE_KINDS,
        "is_web_url": services.is_web_url, "max_bytes": storage.MAX_FILE_BYTES,
        "max_mb": storage.MAX_FILE_BYTES // (1024 * 1024), "may_add": may_add, "may_delete": may_add,
        # Only the team sees who uploaded what: reviewers in a blind round must not learn names from here.
        "show_uploader": user.id in innovation.participant_ids(),
        "file_form": file_form if may_add else None, "link_form": link_form if may_add else None,
    }


def evidence_panel(innovation, user) -> Panel | None:
    """Provider for proposals.panels: shown to everyone who may see the proposal."""
    if not can(user, "proposal.view", innovation):
        return None
    return Panel("evidence/_panel.html", evidence_context(innovation, user), column="main", script=SCRIPT)
