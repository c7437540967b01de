"""Review forms: shape only; the rules live in review.rubrics and review.scorecards."""
from __future__ import annotations

import re
from types import SimpleNamespace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from innolab.comments.services import MAX_LENGTH as COMMENT_LIMIT  # the overall note becomes a comment
from innolab.domain import DomainError, apply_to_form
from innolab.formfields import int_or_none, select_choices
from innolab.models import Recommendation, Rubric
from innolab.review.labels import RECOMMENDATION_LABELS
from innolab.review.rubrics import LEVELS, CriterionDraft
from innolab.review.scorecards import ScorecardEntry

NOTE_LIMIT = 2000  # Score.note is a String(2000)
_ROW_ERROR = re.compile(r"criteria-(\d+)-(\w+)")



def _max(n: int) -> Length:
    return Length(max=n, message=_l("Maksimal %(max)d karakter."))


def _level(n: int) -> TextAreaField:
    return TextAreaField(_l("Skor %(n)d", n=n), validators=[_max(1000)], render_kw={"rows": 4})


class CriterionForm(Form):
    """One row of the rubric editor; a sub-form, so it carries no CSRF token of its own."""

    name = StringField(_l("Nama kriteria"), validators=[_max(200)])
    description = TextAreaField(_l("Uraian"), validators=[_max(2000)], render_kw={"rows": 2})
    weight = StringField(_l("Bobot (%)"), render_kw={"type": "number", "min": 1, "max": 100, "inputmode": "numeric",
                                                      "data-weight": True})
    level_1 = _level(1)
    level_2 = _level(2)
    level_3 = _level(3)
    level_4 = _level(4)
    level_5 = _level(5)
    position = StringField(_l("Urutan"), render_kw={"type": "number", "min": 1, "inputmode": "numeric",
                                                     "data-position": True})
    remove = BooleanField(_l("Hapus kriteria ini saat disimpan"))

    def draft(self) -> CriterionDraft:
        return CriterionDraft(self.name.data or "", self.description.data or "", int_or_none(self.weight.data),
                              tuple(self[f"level_{n}"].data or "" for n in range(1, LEVELS + 1)))


class RubricForm(FlaskForm):
    based_on = HiddenField()  # the version being edited, 0 for none: a second coordinator's save is refused
    weights = HiddenField()  # carries the weight-sum error; the total is shown next to the weights
    criteria = FieldList(FormField(CriterionForm), min_entries=1)

    def load(self, drafts: list[CriterionDraft], version: int) -> None:
        """Fill the editor (on GET) from the criteria it starts with."""
        rows = [SimpleNamespace(name=d.name, description=d.description, weight=d.weight, position=n, remove=False,
                                **{f"level_{i}": text for i, text in enumerate(d.levels, start=1)})
                for n, d in enumerate(drafts, start=1)]
        self.process(data={"based_on": str(version), "criteria": rows})

    def kept_rows(self) -> list:
        """The rows not marked for removal, in the order of their position numbers (ties keep page order)."""
        rows = [entry for entry in self.criteria.entries if not entry.form.remove.data]
        rows.sort(key=lambda entry: int_or_none(entry.form.position.data) or 10**6)
        for n, entry in enumerate(rows, start=1):
            entry.form.position.data = str(n)
        self.criteria.entries = rows  # the page shows them again in the order they will be saved
        return rows

    def weight_total(self) -> int:
        return sum(int_or_none(entry.form.weight.data) or 0 for entry in self.criteria.entries)

    def place_errors(self, rows: list, error: DomainError) -> list:
        """Put row errors (`criteria-<index>-<field>`) on the row's field, the rest as apply_to_form does."""
        rest = []
        for name, message in error.errors:
            match = _ROW_ERROR.fullmatch(name or "")
            if match:
                field = rows[int(match[1])].form[match[2]]
                field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
            else:
                rest.append((name, message))
        return apply_to_form(self, DomainError(*rest)) if rest else []


class ScorecardBase(FlaskForm):
    rubric_id = HiddenField()
    version_id = HiddenField()
    recommendation = RadioField(
        _l("Rekomendasi"), validate_choice=False, coerce=lambda value: value or None,
        choices=select_choices((r.value, RECOMMENDATION_LABELS[r]) for r in Recommendation),
    )
    overall_note = TextAreaField(
        _l("Catatan umum"), validators=[Optional(), _max(COMMENT_LIMIT)], render_kw={"rows": 5},
        description=_l("Catatan ini menjadi catatan internal; koordinator dapat merilisnya kepada inovator."))

    def entry(self, rubric: Rubric) -> ScorecardEntry:
        """The posted scorecard in the shape the service takes."""
        return ScorecardEntry(
            rubric_id=int_or_none(self.rubric_id.data), version_id=int_or_none(self.version_id.data),
            scores={c.id: (self[f"score_{c.id}"].data, self[f"note_{c.id}"].data or "") for c in rubric.criteria},
            recommendation=self.recommendation.data, overall_note=self.overall_note.data or "",
        )


def scorecard_form(rubric: Rubric, review=None, prefill: bool = False) -> ScorecardBase:
    """A scorecard with a 1–n radio group and a note per criterion of `rubric`; `prefill` fills it (on GET).

    A POST is read from the request alone, so a missing hidden version can never borrow the current one.
    """

    class ScorecardForm(ScorecardBase):
        pass

    for c in rubric.criteria:
        setattr(ScorecardForm, f"score_{c.id}", RadioField(
            c.name, coerce=int_or_none, validate_choice=False,
            choices=select_choices((n, n) for n in range(1, c.scale + 1))))
        setattr(ScorecardForm, f"note_{c.id}", TextAreaField(
            # gettext, not lazy_gettext: a lazy label counts as safe HTML, and the name is typed by a coordinator.
            _("Catatan untuk %(name)s", name=c.name), validators=[Optional(), _max(NOTE_LIMIT)],
            render_kw={"rows": 2}))
    if not prefill:
        return ScorecardForm()
    data = {"rubric_id": str(rubric.id)}
    if review is not None:
        data |= {"version_id": str(review.version_id), "overall_note": review.overall_note,
                 "recommendation": review.recommendation.value if review.recommendation else None}
        for score in review.scores:
            data |= {f"score_{score.criterion_id}": score.value, f"note_{score.criterion_id}": score.note}
    return ScorecardForm(data=data)


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan konflik kepentingan"), render_kw={"rows": 3},
        validators=[DataRequired(_l("Tuliskan alasan konflik kepentingan Anda.")), _max(2000)],
        description=_l("Misalnya: Anda ikut menyusun usulan ini, atau memiliki hubungan keluarga dengan tim."))

