"""Lab desk forms: shape only; the rules live in lab.services, lab.assignments and pipeline/."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from innolab.formfields import CheckboxListField, int_or_none
from innolab.lab.moves import MOVE_LABELS
from innolab.urls import MAX_DATABASE_ID

REASON_LIMIT = 4000
WAITING, ALL = "waiting", "all"  # the queue's status filter: what waits on the lab (the default), or everything


class QueueFilterForm(Form):
    """The queue's filters; a GET form, so no CSRF token. Choices (with counts) are filled in by the view."""

    stage = SelectField(_l("Tahap"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False, default=WAITING)
    unit = SelectField(_l("Unit kerja"), coerce=int_or_none, validate_choice=False)
    affair = SelectField(_l("Urusan"), validate_choice=False)
    reviewer = SelectField(_l("Penilai"), coerce=int_or_none, validate_choice=False)
    overdue = BooleanField(_l("Hanya yang lewat tenggat"))


class ScreeningForm(FlaskForm):
    version_id = HiddenField()
    reason = TextAreaField(
        _l("Catatan / alasan"), validators=[Optional(), Length(max=REASON_LIMIT)], render_kw={"rows": 4},
        description=_l("Wajib diisi bila usulan dikembalikan: sebutkan apa yang harus dilengkapi."),
    )
    blind = BooleanField(_l("Penilaian tertutup (penilai tidak melihat nama inovator dan unit kerja)"))
    pass_review = SubmitField(_l("Lolos, mulai penilaian"))
    send_back = SubmitField(_l("Kembalikan ke inovator"))


class AssignForm(FlaskForm):
    # Any id may be posted; the service refuses the ineligible ones by name.
    reviewers = CheckboxListField(_l("Penilai"), coerce=int_or_none, validate_choice=False)
    # Optional here so that an empty date reads as 'missing' from the service, in words, not a format error.
    due_on = DateField(_l("Tenggat penilaian"), validators=[Optional()])
    submit = SubmitField(_l("Tugaskan"))


class RemoveAssignmentForm(FlaskForm):
    assignment_id = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=MAX_DATABASE_ID)])


class DecisionForm(FlaskForm):
    version_id = HiddenField()
    move = RadioField(_l("Keputusan"), validate_choice=False,
                      validators=[DataRequired(_l("Pilih salah satu keputusan."))])
    reason = TextAreaField(
        _l("Alasan"), render_kw={"rows": 5},
        validators=[DataRequired(_l("Alasan keputusan wajib diisi.")), Length(max=REASON_LIMIT)],
        description=_l("Alasan ini tercatat di riwayat tahapan dan dibaca inovator."),
    )
    submit = SubmitField(_l("Simpan keputusan"))

    def offer(self, moves) -> None:
        """Offer `moves` (what the pipeline allows now) as the choices."""
        self.move.choices = [(move.value, MOVE_LABELS[move]) for move in moves]


class PublishForm(FlaskForm):
    version_id = HiddenField()
    published = BooleanField(_l("Tampilkan di katalog inovasi"))
    replicable = BooleanField(_l("Layak direplikasi unit lain"))
    submit = SubmitField(_l("Simpan publikasi"))
