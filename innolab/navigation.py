"""The navigation each user sees, derived from the policy so a menu never offers a forbidden page."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from innolab.policy import can


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    action: str
    description: object = ""  # shown on the dashboard card


# Later features add their entries here; order is the order in the menu.
MAIN_MENU: list[NavItem] = [
    NavItem("main.dashboard", _l("Beranda"), "dashboard.view"),
    NavItem("dashboard.lab", _l("Dasbor lab"), "dashboard.lab",
            _l("Corong tahapan, konversi antargerbang, beban penilai, dan replikasi, per tahun dan unit.")),
    NavItem("dashboard.unit", _l("Dasbor unit"), "dashboard.unit",
            _l("Inovasi unit Anda per tahap, yang menunggu Anda, dan replikasi masuk maupun keluar.")),
    NavItem("catalogue.index", _l("Katalog"), "catalogue.view",
            _l("Inovasi terbukti dari unit lain: cari, bandingkan, dan replikasi di unit Anda.")),
    NavItem("catalogue.search", _l("Cari"), "search.use",
            _l("Cari semua inovasi yang boleh Anda lihat, dengan saringan tahapan, urusan, dan wilayah.")),
    NavItem("replication.index", _l("Replikasi"), "replication.list",
            _l("Replikasi yang dijalankan unit Anda dan replikasi inovasi unit Anda di tempat lain.")),
    NavItem("proposals.mine", _l("Usulan saya"), "proposal.list_own",
            _l("Tulis usulan inovasi, simpan draf, lampirkan bukti dukung, dan pantau statusnya.")),
    NavItem("review.mine", _l("Penilaian saya"), "review.list_own",
            _l("Nilai usulan yang ditugaskan kepada Anda dengan rubrik tahapnya, sebelum tenggat.")),
    NavItem("lab.queue", _l("Meja lab"), "lab.view",
            _l("Antrean dan papan usulan: seleksi administrasi, penugasan penilai, dan keputusan gerbang.")),
    NavItem("review.rubrics", _l("Rubrik"), "rubric.manage",
            _l("Atur kriteria, bobot, dan deskriptor penilaian tiap tahap.")),
    NavItem("evidence.checklists", _l("Daftar periksa"), "checklist.manage",
            _l("Atur bukti dukung yang wajib dan opsional pada tiap tahap.")),
    NavItem("transfer.import_innovations", _l("Impor inovasi"), "innovation.import",
            _l("Bawa masuk daftar inovasi dari berkas CSV atau Excel, dengan pemeriksaan lebih dulu.")),
    NavItem("readiness.region", _l("Kesiapan IID"), "readiness.region",
            _l("Penilaian mandiri indeks inovasi daerah: rata-rata skor, predikat, dan bukti dukung yang kurang.")),
]

ADMIN_MENU: list[NavItem] = [
    NavItem("admin.users", _l("Pengguna"), "user.manage", _l("Akun, peran, dan unit kerja; impor dari CSV.")),
    NavItem("admin.units", _l("Unit kerja"), "unit.manage",
            _l("Pohon organisasi: OPD, UPTD, Puskesmas, kecamatan, kelurahan.")),
    NavItem("admin.audit_log", _l("Log audit"), "audit.view", _l("Jejak setiap perubahan oleh administrator.")),
]


def menu_for(user, items: list[NavItem]) -> list[NavItem]:
    return [item for item in items if can(user, item.action)]
