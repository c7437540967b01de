"""The queue page's filters: from the query string to QueueFilters, and back to choices labelled with counts."""
from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import select

from innolab.extensions import db
from innolab.formfields import select_choices
from innolab.lab.forms import ALL, WAITING, QueueFilterForm
from innolab.lab.queries import BOARD_STATUSES, WAITING_ON_LAB, QueueFilters
from innolab.models import Unit, User
from innolab.pipeline.stages import STAGE_ORDER, Stage, Status
from innolab.vocab import AFFAIRS


def parse_filters(form: QueueFilterForm) -> QueueFilters:
    """The filters the form asks for; unknown values are ignored rather than refused."""
    stage = form.stage.data if form.stage.data in {s.value for s in Stage} else None
    status = form.status.data or WAITING
    if status == ALL:
        statuses = ()
    elif status in {s.value for s in BOARD_STATUSES}:
        statuses = (Status(status),)
    else:
        statuses = WAITING_ON_LAB
    return QueueFilters(
        stage=Stage(stage) if stage else None, statuses=statuses, unit_id=form.unit.data,
        affair=form.affair.data if form.affair.data in AFFAIRS else None, reviewer_id=form.reviewer.data,
        overdue=bool(form.overdue.data),
    )


def _labelled(pairs, counts: Counter, selected=None):
    """(value, 'label (count)') for values that have proposals, and the selected one even when it has none."""
    return [(key, f"{label} ({counts.get(key, 0)})") for key, label in pairs
            if counts.get(key, 0) or (selected is not None and key == selected)]


def fill_choices(form: QueueFilterForm, filters: QueueFilters, facets: dict[str, Counter]) -> None:
    """Give every filter its choices, each with the number of proposals it would show."""
    stages, statuses = facets["stage"], facets["status"]
    form.stage.choices = select_choices(
        [(s.value, f"{s.label} ({stages.get(s, 0)})") for s in STAGE_ORDER],
        _("Semua tahap (%(n)d)", n=sum(stages.values())))
    form.status.choices = select_choices(
        [(WAITING, _("Menunggu lab (%(n)d)", n=sum(statuses.get(s, 0) for s in WAITING_ON_LAB))),
         (ALL, _("Semua status (%(n)d)", n=sum(statuses.values()))),
         *[(s.value, f"{s.label} ({statuses.get(s, 0)})") for s in BOARD_STATUSES]])
    form.affair.choices = select_choices(_labelled(AFFAIRS.items(), facets["affair"], filters.affair),
                                         _("Semua urusan"))
    unit_ids = set(facets["unit"]) | ({filters.unit_id} - {None})
    units = db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids)).order_by(Unit.name)).all()
    form.unit.choices = select_choices(_labelled(units, facets["unit"], filters.unit_id), _("Semua unit"))
    reviewer_ids = set(facets["reviewer"]) | ({filters.reviewer_id} - {None})
    reviewers = db.session.execute(
        select(User.id, User.name).where(User.id.in_(reviewer_ids)).order_by(User.name)).all()
    form.reviewer.choices = select_choices(_labelled(reviewers, facets["reviewer"], filters.reviewer_id),
                                           _("Semua penilai"))
    form.overdue.label.text = _("Hanya yang lewat tenggat (%(n)d)", n=facets["overdue"][True])
