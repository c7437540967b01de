"""Changing readiness data: saving an assessment, editing the indicator table and its bands, opening a new year.

Every function flushes, never commits, and raises DomainError((field, message), …) where a rule refuses; all
input is checked before anything changes, so a refused save leaves nothing half-written.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Answer, Assessment, Evidence, Indicator, IndicatorSet, Innovation, User
from innolab.models.types import utcnow
from innolab.readiness.defaults import current_year, default_indicators
from innolab.readiness.queries import assessment_of, is_closed
from innolab.readiness.scoring import LEVELS, MAX_LEVEL, is_auto
from innolab.vocab import EVIDENCE_KINDS

WEIGHT_MAX = 100
BAND_MAX = 1000
YEARS_AHEAD = 1  # a coordinator may prepare next year's set, not one further out


@dataclass(frozen=True)
class AssessmentEntry:
    """What the form posted, with the versions the user saw."""

    set_id: int | None
    version_id: int | None  # the assessment's version when the form was opened; None when there was none
    answers: dict[int, tuple[int | None, list[int | None]]] = field(default_factory=dict)  # indicator → answer


def _closed_message(indicator_set: IndicatorSet) -> str:
    return _("Tahun %(year)d sudah lewat: penilaian dan indikatornya tersimpan sebagai arsip dan tidak dapat "
             "diubah.", year=indicator_set.year)


def save_assessment(innovation: Innovation, actor: User, indicator_set: IndicatorSet,
                    entry: AssessmentEntry) -> Assessment:
    """Save the levels and linked evidence of every posted indicator; refuse all of it on any bad value."""
    if is_closed(indicator_set):
        raise DomainError.on(None, _closed_message(indicator_set))
    if entry.set_id != indicator_set.id:
        raise DomainError.on(None, _("Formulir ini dibuka untuk tahun lain. Muat ulang halaman lalu isi kembali."))
    assessment = assessment_of(innovation, indicator_set)
    seen = assessment.version_id if assessment is not None else None
    if entry.version_id != seen:
        raise DomainError.on(None, _(
            "Penilaian ini sudah disimpan orang lain sejak Anda membukanya. Isian Anda belum disimpan: muat ulang "
            "halaman untuk melihat versi terbaru, lalu terapkan lagi perubahan Anda."))
    evidence = {item.id: item for item in db.session.scalars(
        select(Evidence).where(Evidence.innovation_id == innovation.id))}
    errors, chosen = [], {}
    for indicator in indicator_set.active_indicators:
        if indicator.id not in entry.answers:
            continue  # added to the table after the form was opened: left as it is
        level, evidence_ids = entry.answers[indicator.id]
        if is_auto(indicator):
            level = 0  # filled from the replication records, never by hand
        elif level not in LEVELS:
            errors.append((f"level_{indicator.id}", _("Pilih tingkat 0 sampai %(n)d.", n=MAX_LEVEL)))
        if any(evidence_id not in evidence for evidence_id in evidence_ids):
            errors.append((f"evidence_{indicator.id}",
                           _("Pilih hanya bukti dukung yang sudah diunggah untuk inovasi ini.")))
        chosen[indicator.id] = (level, [evidence[i] for i in dict.fromkeys(evidence_ids) if i in evidence])
    if errors:
        raise DomainError(*errors)
    if assessment is None:
        assessment = Assessment(innovation=innovation, indicator_set=indicator_set)
        db.session.add(assessment)
    by_indicator = {answer.indicator_id: answer for answer in assessment.answers}
    for indicator_id, (level, linked) in chosen.items():
        answer = by_indicator.get(indicator_id)
        if answer is None:
            answer = Answer(indicator_id=indicator_id)
            assessment.answers.append(answer)
        answer.level = level
        answer.evidence = linked
    assessment.updated_by = actor
    assessment.updated_at = utcnow()  # an UPDATE of the assessment row bumps its version for the next editor
    _flush_or_conflict(_("Penilaian ini baru saja disimpan orang lain. Muat ulang halaman lalu coba lagi."))
    return assessment


@dataclass(frozen=True)
class IndicatorDraft:
    """An indicator as the coordinator typed it."""

    name: str
    description: str
    weight: int | None
    levels: tuple[str, str, str]
    kinds: tuple[list[str], list[str], list[str]]
    active: bool = True


def save_indicator(actor: User, indicator_set: IndicatorSet, indicator: Indicator | None, draft: IndicatorDraft,
                   seen_version: int | None) -> Indicator:
    """Change an indicator of the set, or add one at the end when `indicator` is None."""
    _ensure_open(indicator_set)
    if indicator is not None and seen_version != indicator.version_id:
        raise DomainError.on(None, _(
            "Indikator ini sudah diubah koordinator lain sejak Anda membukanya. Isian Anda belum disimpan: muat "
            "ulang halaman, lalu terapkan lagi perubahan Anda."))
    errors = _indicator_errors(indicator_set, indicator, draft)
    if errors:
        raise DomainError(*errors)
    if indicator is None:
        last = max((i.position for i in indicator_set.indicators), default=-1)
        indicator = Indicator(position=last + 1)
        indicator_set.indicators.append(indicator)
    indicator.name = draft.name.strip()
    indicator.description = draft.description.strip()
    indicator.weight = draft.weight
    indicator.levels = [text.strip() for text in draft.levels]
    indicator.evidence_kinds = [list(dict.fromkeys(kinds)) for kinds in draft.kinds]
    indicator.active = draft.active
    _touch(indicator_set, actor)
    _flush_or_conflict(_("Indikator ini baru saja diubah koordinator lain. Muat ulang halaman lalu coba lagi."))
    return indicator


def _indicator_errors(indicator_set: IndicatorSet, indicator: Indicator | None,
                      draft: IndicatorDraft) -> list[tuple[str, str]]:
    errors = []
    name = draft.name.strip()
    if not name:
        errors.append(("name", _("Nama indikator wajib diisi.")))
    elif any(other.name.casefold() == name.casefold() for other in indicator_set.indicators if other is not indicator):
        errors.append(("name", _("Sudah ada indikator dengan nama ini pada tahun %(year)d.", year=indicator_set.year)))
    if draft.weight is None or not 1 <= draft.weight <= WEIGHT_MAX:
        errors.append(("weight", _("Bobot harus bilangan bulat 1 sampai %(max)d.", max=WEIGHT_MAX)))
    for level, text in enumerate(draft.levels, start=1):
        if not text.strip():
            errors.append((f"level_{level}", _("Uraian tingkat %(n)d wajib diisi.", n=level)))
    for level, kinds in enumerate(draft.kinds, start=1):
        if any(kind not in EVIDENCE_KINDS for kind in kinds):
            errors.append((f"kinds_{level}", _("Pilih jenis bukti dukung dari daftar.")))
    return errors


def move_indicator(actor: User, indicator: Indicator, step: int) -> Indicator:
    """Move the indicator `step` places up (negative) or down in the national form's order."""
    indicator_set = indicator.indicator_set
    _ensure_open(indicator_set)
    ordered = sorted(indicator_set.indicators, key=lambda item: (item.position, item.id))
    index = ordered.index(indicator)
    target = min(max(index + step, 0), len(ordered) - 1)
    if target != index:
        ordered.insert(target, ordered.pop(index))
        for position, item in enumerate(ordered):
            item.position = position
        _touch(indicator_set, actor)
        _flush_or_conflict(_("Urutan indikator baru saja diubah koordinator lain. Muat ulang halaman lalu coba "
                             "lagi."))
    return indicator


def update_bands(actor: User, indicator_set: IndicatorSet, inovatif_from: int | None, sangat_above: int | None,
                 seen_version: int | None) -> IndicatorSet:
    """Set the predicate bands of the year: score > sangat_above is Sangat Inovatif, ≥ inovatif_from Inovatif."""
    _ensure_open(indicator_set)
    if seen_version != indicator_set.version_id:
        raise DomainError.on(None, _(
            "Indikator atau batas predikat tahun ini sudah diubah koordinator lain sejak Anda membuka halaman. "
            "Muat ulang halaman lalu terapkan lagi perubahan Anda."))
    errors = []
    for name, value in (("inovatif_from", inovatif_from), ("sangat_above", sangat_above)):
        if value is None or not 0 <= value <= BAND_MAX:
            errors.append((name, _("Isi bilangan bulat 0 sampai %(max)d.", max=BAND_MAX)))
    if not errors and inovatif_from > sangat_above:
        errors.append(("sangat_above", _("Batas Sangat Inovatif tidak boleh lebih rendah dari batas Inovatif.")))
    if errors:
        raise DomainError(*errors)
    indicator_set.inovatif_from, indicator_set.sangat_above = inovatif_from, sangat_above
    _touch(indicator_set, actor)
    _flush_or_conflict(_("Batas predikat baru saja diubah koordinator lain. Muat ulang halaman lalu coba lagi."))
    return indicator_set


def create_set(actor: User, year: int | None) -> IndicatorSet:
    """Open a year: copy the indicators and bands of the newest earlier set (or the defaults) for coordinators
    to edit, leaving the earlier years' sets and assessments as they are."""
    latest_allowed = current_year() + YEARS_AHEAD
    if year is None or not 2000 <= year <= latest_allowed:
        raise DomainError.on("year", _("Isi tahun antara 2000 dan %(year)d.", year=latest_allowed))
    if db.session.scalar(select(IndicatorSet.id).where(IndicatorSet.year == year)) is not None:
        raise DomainError.on("year", _("Indikator tahun %(year)d sudah ada.", year=year))
    source = db.session.scalar(select(IndicatorSet).where(IndicatorSet.year < year)
                               .order_by(IndicatorSet.year.desc()).limit(1))
    if source is None:
        source = db.session.scalar(select(IndicatorSet).order_by(IndicatorSet.year).limit(1))
    if source is None:
        new = IndicatorSet(year=year, indicators=default_indicators())
    else:
        new = IndicatorSet(year=year, inovatif_from=source.inovatif_from, sangat_above=source.sangat_above,
                           indicators=[_copy(indicator) for indicator in source.indicators])
    new.updated_by = actor
    db.session.add(new)
    _flush_or_conflict(_("Indikator tahun %(year)d baru saja dibuat koordinator lain.", year=year), field="year")
    return new


def _copy(indicator: Indicator) -> Indicator:
    return Indicator(position=indicator.position, name=indicator.name, description=indicator.description,
                     weight=indicator.weight, levels=list(indicator.levels),
                     evidence_kinds=[list(kinds) for kinds in indicator.evidence_kinds], active=indicator.active,
                     source=indicator.source)


def _ensure_open(indicator_set: IndicatorSet) -> None:
    if is_closed(indicator_set):
        raise DomainError.on(None, _closed_message(indicator_set))


def _touch(indicator_set: IndicatorSet, actor: User) -> None:
    # Any change to the table bumps the set's version, so a bands form opened before it is refused.
    indicator_set.updated_by = actor
    indicator_set.updated_at = utcnow()


def _flush_or_conflict(message: str, field: str | None = None) -> None:
    """Flush; a concurrent save that got there first (a stale version or a duplicate) becomes a DomainError."""
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):
        raise DomainError.on(field, message) from None
