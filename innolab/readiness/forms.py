"""Readiness forms: shape only; the rules live in readiness.services."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import Length

from innolab.formfields import CheckboxListField, int_or_none, select_choices
from innolab.readiness.scoring import LEVELS, is_auto
from innolab.readiness.services import AssessmentEntry, IndicatorDraft
from innolab.vocab import EVIDENCE_KINDS


def _max(n: int) -> Length:
    return Length(max=n, message=_l("Maksimal %(max)d karakter."))


class AssessmentBase(FlaskForm):
    set_id = HiddenField()
    version_id = HiddenField()
    indicator_ids = HiddenField()  # the indicators the form showed; one added meanwhile is left untouched

    def entry(self, indicator_set) -> AssessmentEntry:
        shown = {int_or_none(part) for part in (self.indicator_ids.data or "").split(",")}
        answers = {}
        for indicator in indicator_set.active_indicators:
            if indicator.id not in shown:
                continue
            level = None if is_auto(indicator) else self[f"level_{indicator.id}"].data
            answers[indicator.id] = (level, list(self[f"evidence_{indicator.id}"].data or []))
        return AssessmentEntry(set_id=int_or_none(self.set_id.data), version_id=int_or_none(self.version_id.data),
                               answers=answers)


def evidence_label(item) -> str:
    name = item.title or item.original_name or item.link_url or ""
    return f"{EVIDENCE_KINDS.get(item.kind, item.kind)}: {name}"


def assessment_form(indicator_set, evidence_items, assessment=None, prefill: bool = False) -> AssessmentBase:
    """A level choice (0–3) and an evidence multi-select per active indicator; `prefill` fills it on GET.

    Indicators filled from records (replication) get no level field, only the evidence choice. A POST is read
    from the request alone, so a missing hidden version can never borrow the current one.
    """

    class AssessmentForm(AssessmentBase):
        pass

    evidence_choices = select_choices((item.id, evidence_label(item)) for item in evidence_items)
    for indicator in indicator_set.active_indicators:
        if not is_auto(indicator):
            # gettext, not lazy_gettext: a lazy label counts as safe HTML, and the texts are typed by coordinators.
            texts = [_("Belum ada"), *indicator.levels]
            setattr(AssessmentForm, f"level_{indicator.id}", RadioField(
                indicator.name, coerce=int_or_none, validate_choice=False,
                choices=select_choices((level, f"{level} — {texts[level]}" if level < len(texts) else str(level))
                                       for level in LEVELS)))
        setattr(AssessmentForm, f"evidence_{indicator.id}", CheckboxListField(
            _("Bukti dukung untuk %(name)s", name=indicator.name), coerce=int_or_none, validate_choice=False,
            choices=evidence_choices))
    if not prefill:
        return AssessmentForm()
    data = {"set_id": str(indicator_set.id),
            "version_id": str(assessment.version_id) if assessment is not None else "",
            "indicator_ids": ",".join(str(indicator.id) for indicator in indicator_set.active_indicators)}
    answers = {answer.indicator_id: answer for answer in assessment.answers} if assessment is not None else {}
    for indicator in indicator_set.active_indicators:
        answer = answers.get(indicator.id)
        if not is_auto(indicator):
            data[f"level_{indicator.id}"] = answer.level if answer is not None else 0
        data[f"evidence_{indicator.id}"] = [item.id for item in answer.evidence] if answer is not None else []
    return AssessmentForm(data=data)


def _kinds(level: int) -> CheckboxListField:
    return CheckboxListField(_l("Bukti dukung yang membuktikan tingkat %(n)d", n=level), validate_choice=False,
                             choices=select_choices(EVIDENCE_KINDS.items()))


def _level(level: int) -> TextAreaField:
    return TextAreaField(_l("Uraian tingkat %(n)d", n=level), validators=[_max(1000)], render_kw={"rows": 2})


class IndicatorForm(FlaskForm):
    version_id = HiddenField()
    name = StringField(_l("Nama indikator"), validators=[_max(200)])
    description = TextAreaField(_l("Penjelasan"), validators=[_max(2000)], render_kw={"rows": 2})
    weight = StringField(_l("Bobot"), render_kw={"type": "number", "min": 1, "max": 100, "inputmode": "numeric"},
                         description=_l("Nilai indikator = bobot × tingkat (0–3)."))
    level_1 = _level(1)
    kinds_1 = _kinds(1)
    level_2 = _level(2)
    kinds_2 = _kinds(2)
    level_3 = _level(3)
    kinds_3 = _kinds(3)
    active = BooleanField(_l("Aktif: dihitung dalam skor dan ditampilkan pada formulir penilaian"))

    def load(self, indicator) -> None:
        """Fill the form (on GET) from an indicator, or with empty levels for a new one."""
        data = {"active": True}
        if indicator is not None:
            data = {"version_id": str(indicator.version_id), "name": indicator.name,
                    "description": indicator.description, "weight": str(indicator.weight),
                    "active": indicator.active}
            for level in (1, 2, 3):
                data[f"level_{level}"] = indicator.levels[level - 1] if level <= len(indicator.levels) else ""
                data[f"kinds_{level}"] = indicator.kinds_for(level)
        self.process(data=data)

    def draft(self) -> IndicatorDraft:
        return IndicatorDraft(
            name=self.name.data or "", description=self.description.data or "",
            weight=int_or_none(self.weight.data),
            levels=tuple(self[f"level_{level}"].data or "" for level in (1, 2, 3)),
            kinds=tuple(list(self[f"kinds_{level}"].data or []) for level in (1, 2, 3)),
            active=bool(self.active.data))


class BandsForm(FlaskForm):
    set_id = HiddenField()
    version_id = HiddenField()
    inovatif_from = StringField(_l("Inovatif mulai dari skor"), render_kw={"type": "number", "min": 0},
                                description=_l("Skor sama dengan atau di atas batas ini berpredikat Inovatif."))
    sangat_above = StringField(_l("Sangat Inovatif di atas skor"), render_kw={"type": "number", "min": 0},
                               description=_l("Skor lebih dari batas ini berpredikat Sangat Inovatif."))


class NewSetForm(FlaskForm):
    year = StringField(_l("Tahun"), render_kw={"type": "number", "min": 2000, "inputmode": "numeric"},
                       description=_l("Indikator, bobot, dan batas predikat disalin dari tahun terakhir sebelumnya; "
                                      "ubah sesuai ketentuan resmi tahun itu."))
