"""Innovation themes of the demo city: a problem, a solution and a measurable result each, written for this demo.

One theme yields one or more innovations: a unit-wide idea (every Puskesmas, every kelurahan…) is taken up by
several units, an OPD's idea gets a second version. Clauses start in lower case so they read inside sentences.
"""
from __future__ import annotations

from dataclasses import dataclass

from innolab.vocab import InnovationForm


@dataclass(frozen=True)
class Metric:
    label: str  # what is measured, e.g. "rata-rata waktu tunggu pendaftaran"
    unit: str  # "menit", "%", "orang/bulan"…
    before: float
    after: float

    @property
    def lower_is_better(self) -> bool:
        return self.after < self.before


@dataclass(frozen=True)
class Theme:
    affair: str  # key of vocab.AFFAIRS
    name: str  # the innovation's brand, e.g. "Si-PANDAI"
    subtitle: str  # what it is, in title case
    scope: tuple[str, ...]  # unit keys, or the groups PKM / KEL / KEC (every Puskesmas, kelurahan, kecamatan)
    digital: bool
    form: InnovationForm
    problem: str
    solution: str
    novelty: str
    metric: Metric
    beneficiaries: str
    tags: tuple[str, ...]
    sdgs: tuple[int, ...]

    @property
    def unit_wide(self) -> bool:
        """Whether the theme is taken up unit by unit (its titles then name the place)."""
        return any(group in self.scope for group in ("PKM", "KEL", "KEC"))


FORMS = {"pp": InnovationForm.PELAYANAN_PUBLIK, "tk": InnovationForm.TATA_KELOLA, "ln": InnovationForm.LAINNYA}


def theme(affair, name, subtitle, scope, digital, form, problem, solution, novelty, metric, beneficiaries, tags,
          sdgs) -> Theme:
    return Theme(affair, name, subtitle, tuple(scope.split()), digital, FORMS[form], problem, solution, novelty,
                 Metric(*metric), beneficiaries, tuple(tags.split(", ")), tuple(sdgs))


def all_themes() -> list[Theme]:
    from innolab.demo.themes import city, governance, people

    return [*people.THEMES, *city.THEMES, *governance.THEMES]
