"""Reference vocabularies of Indonesian regional innovation (DESIGN.md §8)."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    INNOVATOR = "innovator"
    REVIEWER = "reviewer"
    COORDINATOR = "coordinator"
    VIEWER = "viewer"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.INNOVATOR: _l("Inovator"),
    Role.REVIEWER: _l("Penilai"),
    Role.COORDINATOR: _l("Koordinator Lab"),
    Role.VIEWER: _l("Pimpinan Unit"),
    Role.ADMIN: _l("Administrator"),
}


class UnitKind(StrEnum):
    PEMDA = "pemda"
    OPD = "opd"
    UPTD = "uptd"
    PUSKESMAS = "puskesmas"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    DESA = "desa"

    @property
    def label(self):
        return UNIT_KIND_LABELS[self]


UNIT_KIND_LABELS = {
    UnitKind.PEMDA: _l("Pemerintah Daerah"),
    UnitKind.OPD: _l("Perangkat Daerah (OPD)"),
    UnitKind.UPTD: _l("UPTD"),
    UnitKind.PUSKESMAS: _l("Puskesmas"),
    UnitKind.KECAMATAN: _l("Kecamatan"),
    UnitKind.KELURAHAN: _l("Kelurahan"),
    UnitKind.DESA: _l("Desa"),
}

# Which kinds of unit may sit directly under which: the region's organisational tree.
UNIT_PARENT_KINDS: dict[UnitKind, frozenset[UnitKind]] = {
    UnitKind.PEMDA: frozenset(),
    UnitKind.OPD: frozenset({UnitKind.PEMDA}),
    UnitKind.UPTD: frozenset({UnitKind.OPD}),
    UnitKind.PUSKESMAS: frozenset({UnitKind.OPD, UnitKind.PEMDA, UnitKind.KECAMATAN}),
    UnitKind.KECAMATAN: frozenset({UnitKind.PEMDA}),
    UnitKind.KELURAHAN: frozenset({UnitKind.KECAMATAN}),
    UnitKind.DESA: frozenset({UnitKind.KECAMATAN}),
}


class InnovationType(StrEnum):
    DIGITAL = "digital"
    NON_DIGITAL = "non_digital"


class InnovationForm(StrEnum):
    TATA_KELOLA = "tata_kelola"
    PELAYANAN_PUBLIK = "pelayanan_publik"
    LAINNYA = "lainnya"


class Initiator(StrEnum):
    KEPALA_DAERAH = "kepala_daerah"
    DPRD = "dprd"
    PERANGKAT_DAERAH = "perangkat_daerah"
    ASN = "asn"
    MASYARAKAT = "masyarakat"


class ReplicationStatus(StrEnum):
    INTERESTED = "interested"
    PLANNING = "planning"
    IMPLEMENTING = "implementing"
    EVALUATED = "evaluated"
    STOPPED = "stopped"

    @property
    def label(self):
        return REPLICATION_STATUS_LABELS[self]


REPLICATION_STATUS_LABELS = {
    ReplicationStatus.INTERESTED: _l("Berminat"),
    ReplicationStatus.PLANNING: _l("Perencanaan"),
    ReplicationStatus.IMPLEMENTING: _l("Pelaksanaan"),
    ReplicationStatus.EVALUATED: _l("Sudah dievaluasi"),
    ReplicationStatus.STOPPED: _l("Dihentikan"),
}


# Urusan pemerintahan: code → Indonesian name (the official names, not translated).
AFFAIRS: dict[str, str] = {
    "pendidikan": "Pendidikan",
    "kesehatan": "Kesehatan",
    "pupr": "Pekerjaan Umum dan Penataan Ruang",
    "perumahan": "Perumahan Rakyat dan Kawasan Permukiman",
    "trantibum": "Ketenteraman, Ketertiban Umum, dan Perlindungan Masyarakat",
    "sosial": "Sosial",
    "tenaga_kerja": "Tenaga Kerja",
    "pppa": "Pemberdayaan Perempuan dan Perlindungan Anak",
    "pangan": "Pangan",
    "pertanahan": "Pertanahan",
    "lingkungan_hidup": "Lingkungan Hidup",
    "adminduk": "Administrasi Kependudukan dan Pencatatan Sipil",
    "pmd": "Pemberdayaan Masyarakat dan Desa",
    "ppkb": "Pengendalian Penduduk dan Keluarga Berencana",
    "perhubungan": "Perhubungan",
    "kominfo": "Komunikasi dan Informatika",
    "koperasi_ukm": "Koperasi, Usaha Kecil, dan Menengah",
    "penanaman_modal": "Penanaman Modal",
    "pemuda_olahraga": "Kepemudaan dan Olahraga",
    "statistik": "Statistik",
    "persandian": "Persandian",
    "kebudayaan": "Kebudayaan",
    "perpustakaan": "Perpustakaan",
    "kearsipan": "Kearsipan",
    "kelautan_perikanan": "Kelautan dan Perikanan",
    "pariwisata": "Pariwisata",
    "pertanian": "Pertanian",
    "kehutanan": "Kehutanan",
    "esdm": "Energi dan Sumber Daya Mineral",
    "perdagangan": "Perdagangan",
    "perindustrian": "Perindustrian",
    "transmigrasi": "Transmigrasi",
    "penunjang": "Fungsi Penunjang Urusan Pemerintahan",
}

# Kinds of evidence (bukti dukung) commonly asked for; checklists per stage pick from these.
EVIDENCE_KINDS: dict[str, object] = {
    "sk_inovasi": _l("SK / Perkada / Perda tentang inovasi"),
    "sk_tim": _l("SK tim atau surat tugas"),
    "anggaran": _l("Dokumen anggaran (RKA/DPA)"),
    "foto_tangkapan": _l("Foto atau tangkapan layar inovasi"),
    "pelatihan": _l("Bukti bimtek / pelatihan"),
    "perencanaan": _l("Dokumen perencanaan (RKPD/Renja)"),
    "kerja_sama": _l("MoU / PKS dengan mitra"),
    "publikasi": _l("Pemberitaan atau media sosial"),
    "sop": _l("Pedoman teknis / SOP"),
    "pengaduan": _l("Data penanganan pengaduan"),
    "survei_kepuasan": _l("Survei kepuasan (SKM/IKM)"),
    "laporan_monev": _l("Laporan monitoring dan evaluasi"),
    "video": _l("Video inovasi (3–5 menit)"),
    "surat_replikasi": _l("Surat minat / keputusan replikasi"),
    "lainnya": _l("Lainnya"),
}
