"""What a proposal must contain before it can be submitted at each stage."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from innolab.pipeline.stages import Stage

SUMMARY_MAX_WORDS = 200

FIELD_LABELS = {
    "title": _l("Judul inovasi"),
    "summary": _l("Ringkasan"),
    "background": _l("Latar belakang"),
    "goals": _l("Tujuan"),
    "novelty": _l("Kebaruan / nilai tambah"),
    "implementation": _l("Implementasi / rancang bangun"),
    "significance": _l("Signifikansi"),
    "adaptability": _l("Adaptabilitas"),
    "resources": _l("Sumber daya"),
    "sustainability": _l("Strategi keberlanjutan"),
    "beneficiaries": _l("Penerima manfaat"),
    "innovation_type": _l("Jenis inovasi"),
    "form": _l("Bentuk inovasi"),
    "affair": _l("Urusan pemerintahan"),
    "started_on": _l("Tanggal mulai"),
    "trial_on": _l("Tanggal uji coba"),
    "applied_on": _l("Tanggal penerapan"),
    "budget": _l("Anggaran"),
}

_IDEATION = ("title", "summary", "background", "goals", "novelty", "beneficiaries", "innovation_type", "form",
             "affair")
_PROTOTYPING = _IDEATION + ("implementation", "resources", "started_on")
_PILOTING = _PROTOTYPING + ("significance", "adaptability", "trial_on")
_SCALING = _PILOTING + ("sustainability", "applied_on", "budget")

REQUIRED_AT_SUBMIT: dict[Stage, tuple[str, ...]] = {
    Stage.IDEATION: _IDEATION,
    Stage.PROTOTYPING: _PROTOTYPING,
    Stage.PILOTING: _PILOTING,
    Stage.SCALING: _SCALING,
}


def word_count(text: str | None) -> int:
    return len((text or "").split())


def submission_problems(stage: Stage, values: dict) -> list[tuple[str, object]]:
    """Every (field, message) that stops a submission at `stage`: all at once, not the first only."""
    problems = []
    for field in REQUIRED_AT_SUBMIT[stage]:
        value = values.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append((field, _l("%(field)s wajib diisi sebelum diajukan.", field=FIELD_LABELS[field])))
    if word_count(values.get("summary")) > SUMMARY_MAX_WORDS:
        problems.append(("summary", _l("Ringkasan maksimal %(n)d kata.", n=SUMMARY_MAX_WORDS)))
    dates = [values.get(name) for name in ("started_on", "trial_on", "applied_on")]
    present = [d for d in dates if d is not None]
    if present != sorted(present):
        problems.append(("trial_on", _l("Urutan tanggal harus: mulai, uji coba, lalu penerapan.")))
    return problems
