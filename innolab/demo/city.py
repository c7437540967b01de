"""The demo city's unit tree: Kota Malang, its perangkat daerah, UPTD, Puskesmas, kecamatan and kelurahan.

Region names and codes follow Kemendagri (35.73 = Kota Malang); the OPD line-up is a plausible one for a kota,
written for this demo. Every unit has a short key that the other demo modules use to refer to it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Unit
from innolab.vocab import UnitKind

PEMDA_CODE = "35.73"
PEMDA_NAME = "Pemerintah Kota Malang"


@dataclass(frozen=True)
class UnitSpec:
    key: str  # how the demo modules refer to the unit
    code: str
    name: str
    kind: UnitKind
    parent: str | None  # key of the parent unit
    place: str  # short name used in titles and texts


# (local code suffix, name, short name); all sit directly under the pemda.
OPD = [
    ("ORG", "Bagian Organisasi Sekretariat Daerah", "Bagian Organisasi"),
    ("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "Bapperida"),
    ("INSPEKTORAT", "Inspektorat Daerah", "Inspektorat"),
    ("DINKES", "Dinas Kesehatan", "Dinas Kesehatan"),
    ("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan", "Disdikbud"),
    ("DISPENDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Dispendukcapil"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("DINSOS", "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak", "Dinas Sosial"),
    ("DP2KB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DP2KB"),
    ("DLH", "Dinas Lingkungan Hidup", "DLH"),
    ("DISHUB", "Dinas Perhubungan", "Dishub"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim"),
    ("DISKOPINDAG", "Dinas Koperasi, Perindustrian dan Perdagangan", "Diskopindag"),
    ("DISNAKER", "Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans"),
    ("DKPP", "Dinas Ketahanan Pangan dan Pertanian", "DKPP"),
    ("DISPORAPAR", "Dinas Kepemudaan, Olahraga dan Pariwisata", "Disporapar"),
    ("DISPUSIPDA", "Dinas Perpustakaan dan Kearsipan Daerah", "Dispusipda"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Satpol PP"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("BAPENDA", "Badan Pendapatan Daerah", "Bapenda"),
    ("BKAD", "Badan Keuangan dan Aset Daerah", "BKAD"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "Bakesbangpol"),
]

# (local code suffix, name, short name, parent OPD suffix)
UPTD = [
    ("RSUD", "RSUD Kota Malang", "RSUD Kota Malang", "DINKES"),
    ("LABKESDA", "UPTD Laboratorium Kesehatan Daerah", "Labkesda", "DINKES"),
    ("SAMPAH", "UPTD Pengelolaan Sampah", "UPTD Pengelolaan Sampah", "DLH"),
    ("PARKIR", "UPTD Perparkiran", "UPTD Perparkiran", "DISHUB"),
    ("PKB", "UPTD Pengujian Kendaraan Bermotor", "UPTD Pengujian Kendaraan", "DISHUB"),
    ("PPA", "UPTD Perlindungan Perempuan dan Anak", "UPTD PPA", "DINSOS"),
    ("PASAR", "UPTD Pengelolaan Pasar Rakyat", "UPTD Pasar Rakyat", "DISKOPINDAG"),
    ("BLK", "UPTD Balai Latihan Kerja", "UPTD BLK", "DISNAKER"),
]

# Puskesmas under the Dinas Kesehatan, with the kecamatan they serve.
PUSKESMAS = [
    ("Dinoyo", "Lowokwaru"), ("Kendalsari", "Lowokwaru"), ("Mojolangu", "Lowokwaru"),
    ("Arjuno", "Klojen"), ("Rampal Celaket", "Klojen"), ("Janti", "Sukun"), ("Ciptomulyo", "Sukun"),
    ("Kendalkerep", "Blimbing"), ("Pandanwangi", "Blimbing"), ("Arjowinangun", "Kedungkandang"),
]

# The real kecamatan of Kota Malang and their kelurahan.
KECAMATAN = [
    ("35.73.01", "Kedungkandang", [
        "Arjowinangun", "Bumiayu", "Buring", "Cemorokandang", "Kedungkandang", "Kotalama", "Lesanpuro",
        "Madyopuro", "Mergosono", "Sawojajar", "Tlogowaru", "Wonokoyo"]),
    ("35.73.02", "Sukun", [
        "Bakalan Krajan", "Bandulan", "Bandungrejosari", "Ciptomulyo", "Gadang", "Karangbesuki", "Kebonsari",
        "Mulyorejo", "Pisang Candi", "Sukun", "Tanjungrejo"]),
    ("35.73.03", "Klojen", [
        "Bareng", "Gadingkasri", "Kasin", "Kauman", "Kiduldalem", "Klojen", "Oro-oro Dowo", "Penanggungan",
        "Rampal Celaket", "Samaan", "Sukoharjo"]),
    ("35.73.04", "Blimbing", [
        "Arjosari", "Balearjosari", "Blimbing", "Bunulrejo", "Jodipan", "Kesatrian", "Pandanwangi", "Polehan",
        "Polowijen", "Purwantoro", "Purwodadi"]),
    ("35.73.05", "Lowokwaru", [
        "Dinoyo", "Jatimulyo", "Ketawanggede", "Lowokwaru", "Merjosari", "Mojolangu", "Sumbersari", "Tasikmadu",
        "Tlogomas", "Tulusrejo", "Tunggulwulung", "Tunjungsekar"]),
]


def _pkm_key(name: str) -> str:
    return "PKM-" + name.upper().replace(" ", "")


def unit_specs() -> list[UnitSpec]:
    """Every unit of the demo city, parents before children."""
    specs = [UnitSpec("PEMDA", PEMDA_CODE, PEMDA_NAME, UnitKind.PEMDA, None, "Pemkot Malang")]
    for suffix, name, short in OPD:
        specs.append(UnitSpec(f"OPD-{suffix}", f"OPD-{suffix}", name, UnitKind.OPD, "PEMDA", short))
    for suffix, name, short, parent in UPTD:
        specs.append(UnitSpec(f"UPTD-{suffix}", f"UPTD-{suffix}", name, UnitKind.UPTD, f"OPD-{parent}", short))
    for name, _kecamatan in PUSKESMAS:
        key = _pkm_key(name)
        specs.append(UnitSpec(key, key, f"Puskesmas {name}", UnitKind.PUSKESMAS, "OPD-DINKES", f"Puskesmas {name}"))
    for code, kecamatan, kelurahan in KECAMATAN:
        specs.append(UnitSpec(f"KEC:{kecamatan}", code, f"Kecamatan {kecamatan}", UnitKind.KECAMATAN, "PEMDA",
                              f"Kecamatan {kecamatan}"))
        for number, name in enumerate(kelurahan, start=1):
            specs.append(UnitSpec(f"KEL:{name}", f"{code}.{1000 + number}", f"Kelurahan {name}",
                                  UnitKind.KELURAHAN, f"KEC:{kecamatan}", f"Kelurahan {name}"))
    return specs


def puskesmas_kecamatan() -> dict[str, str]:
    """Puskesmas key → key of the kecamatan it serves."""
    return {_pkm_key(name): f"KEC:{kecamatan}" for name, kecamatan in PUSKESMAS}


class City:
    """The demo units as database rows, looked up by key."""

    def __init__(self, specs: list[UnitSpec], units: dict[str, Unit]):
        self.specs = {spec.key: spec for spec in specs}
        self.units = units
        self.key_of = {id(unit): key for key, unit in units.items()}

    def __getitem__(self, key: str) -> Unit:
        return self.units[key]

    def keys(self, *kinds: UnitKind) -> list[str]:
        return [key for key, spec in self.specs.items() if spec.kind in kinds]

    def place(self, unit: Unit) -> str:
        return self.specs[self.key_of[id(unit)]].place

    def kind(self, key: str) -> UnitKind:
        return self.specs[key].kind


def ensure_units() -> tuple[City, int]:
    """Create every demo unit missing by code (existing ones are reused as they are); returns (city, created)."""
    specs = unit_specs()
    query = select(Unit).where(Unit.code.in_([spec.code for spec in specs]))
    existing = {unit.code: unit for unit in db.session.scalars(query)}
    units: dict[str, Unit] = {}
    created = 0
    for spec in specs:
        unit = existing.get(spec.code)
        if unit is None:
            unit = Unit(code=spec.code, name=spec.name, kind=spec.kind,
                        parent=units[spec.parent] if spec.parent else None)
            db.session.add(unit)
            created += 1
        units[spec.key] = unit
    db.session.flush()
    return City(specs, units), created
