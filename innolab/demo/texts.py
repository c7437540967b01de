"""The profile text of a demo innovation, composed from its theme and its own numbers and dates.

Each section has a few sentence patterns; the generator picks one, so three hundred profiles do not read alike.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innolab.demo.themes import Theme
from innolab.pipeline.stages import Stage
from innolab.vocab import UnitKind

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
IMPACTS = ["menambah beban warga yang paling membutuhkan layanan",
           "menurunkan kepercayaan warga terhadap pelayanan pemerintah",
           "membuat target kinerja unit sulit tercapai",
           "memunculkan keluhan yang sama berulang kali di kanal pengaduan"]
SOURCES = ["laporan kinerja", "rekap pengaduan", "data layanan", "survei lapangan"]
EXTRAS = {
    True: ["Aplikasinya dibangun di atas perangkat lunak sumber terbuka di server Diskominfo, tanpa biaya lisensi.",
           "Data yang terkumpul langsung tampil di dasbor pimpinan untuk mengambil keputusan.",
           "Warga tidak perlu memasang aplikasi baru; layanan berjalan di kanal yang sudah mereka pakai."],
    False: ["Pendekatan ini menggeser layanan dari menunggu warga datang menjadi menjemput kebutuhan warga.",
            "Cara kerjanya sederhana sehingga tidak menambah beban administrasi petugas.",
            "Warga dilibatkan sejak perancangan sehingga merasa ikut memiliki."],
}
PARTNERS = ["kader PKK", "mahasiswa magang", "forum RT/RW", "perguruan tinggi mitra", "komunitas relawan",
            "tokoh masyarakat"]
KEEPERS = ["menyiapkan kader pengganti agar tidak bergantung pada satu orang",
           "menjalin kerja sama dengan perguruan tinggi untuk evaluasi tahunan",
           "melatih petugas baru setiap tahun",
           "membentuk forum pengguna yang memberi masukan secara rutin"]


@dataclass
class Facts:
    """What one innovation says about itself, in numbers and names."""

    theme: Theme
    unit_name: str
    place: str
    unit_kind: UnitKind
    head: str  # who signs the unit's decrees, e.g. "Kepala Puskesmas Dinoyo", "Lurah Tlogomas"
    stage: Stage
    before: float
    after: float
    target: float
    months: int  # how long it has run (or is planned to run) before measuring
    reach: int  # beneficiaries per year
    team: int
    baseline_year: int
    budget: Decimal | None
    started_on: date | None
    trial_on: date | None
    applied_on: date | None
    satisfaction: float  # IKM on 0–100


def num(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x:.1f}".replace(".", ",")


def qty(x: float, unit: str) -> str:
    return f"{num(x)}%" if unit == "%" else f"{num(x)} {unit}"


def rupiah(amount: Decimal) -> str:
    return "Rp" + f"{int(amount):,}".replace(",", ".")


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def compose(rng: random.Random, f: Facts) -> dict[str, str]:
    """Every section of the profile, fully written; the caller blanks what a draft has not reached yet."""
    t, m = f.theme, f.theme.metric
    down = m.lower_is_better
    moved = "turun" if down else "naik"
    verb = "menurunkan" if down else "meningkatkan"
    b, a, tg = qty(f.before, m.unit), qty(f.after, m.unit), qty(f.target, m.unit)
    has_results = f.stage in (Stage.PILOTING, Stage.SCALING)

    result = (f"Selama uji coba, {m.label} {moved} dari {b} menjadi {a}." if has_results
              else f"Targetnya, {m.label} {moved} dari {b} menjadi {tg}.")
    summary = rng.choice([
        f"{t.name} adalah inovasi {f.unit_name} yang lahir dari persoalan sehari-hari: {t.problem}. "
        f"Inovasi ini menghadirkan {t.solution}.",
        f"Di {f.place}, {t.problem}. {t.name} menjawabnya dengan {t.solution}.",
        f"{t.name} menghadirkan {t.solution}. {f.unit_name} merancangnya karena {t.problem}.",
    ]) + f" {result} Penerima manfaat utamanya: {t.beneficiaries}."

    background = rng.choice([
        f"{cap(t.problem)}. Menurut {rng.choice(SOURCES)} {f.place} tahun {f.baseline_year}, {m.label} "
        f"mencapai {b}. Kondisi ini {rng.choice(IMPACTS)}.",
        f"Keluhan yang sama terus berulang: {t.problem}. Pada {f.baseline_year}, {m.label} tercatat {b}, jauh dari "
        f"target Renstra {f.place}. Kondisi ini {rng.choice(IMPACTS)}.",
        f"Pemetaan masalah bersama warga dan petugas lapangan menunjukkan bahwa {t.problem}. Pada {f.baseline_year}, "
        f"{m.label} masih {b}. Tanpa perubahan cara kerja, keadaan ini {rng.choice(IMPACTS)}.",
    ])
    goals = rng.choice([
        f"{cap(verb)} {m.label} dari {b} menjadi {tg} dalam {f.months} bulan; memastikan {t.beneficiaries} "
        f"terlayani lebih cepat dan pasti; serta menyiapkan cara kerja yang dapat ditiru unit lain.",
        f"Tujuan utama inovasi ini adalah {verb} {m.label} hingga {tg}. Tujuan pendukungnya: layanan yang lebih mudah "
        f"dijangkau, data yang tercatat rapi untuk pengambilan keputusan, dan beban kerja petugas yang lebih ringan.",
    ])
    novelty = rng.choice([f"Kebaruan {t.name} terletak pada hal berikut: {t.novelty}.",
                          f"Berbeda dari cara lama, {t.novelty}."]) + " " + rng.choice(EXTRAS[t.digital])

    prep = "rancang bangun aplikasi bersama Diskominfo" if t.digital else "pelatihan petugas dan kader"
    start = f"dimulai {month_year(f.started_on)}" if f.started_on else "direncanakan pada awal tahun anggaran"
    trial = (f"Uji coba berjalan sejak {month_year(f.trial_on)} di {rng.randint(2, 6)} lokasi percontohan."
             if f.trial_on else "Uji coba direncanakan di dua sampai tiga lokasi percontohan setelah rancang bangun "
                                "selesai.")
    applied = (f" Sejak {month_year(f.applied_on)}, inovasi diterapkan penuh dan dievaluasi setiap triwulan."
               if f.applied_on else "")
    implementation = (f"Tahap persiapan {start}: penyusunan SK tim, SOP, dan {prep}. {trial}{applied} Tim pelaksana "
                      f"terdiri atas {f.team} orang dari {f.place} bersama {rng.choice(PARTNERS)}.")

    respondents, ikm = rng.randint(8, 40) * 10, num(round(f.satisfaction, 1))
    grade = "sangat baik" if f.satisfaction >= 88.31 else "baik"
    if m.unit == "%":
        change = f"{moved} {num(round(abs(f.after - f.before), 1))} poin"
    else:
        change = f"{moved} {num(round(abs(f.after - f.before) / f.before * 100))}%"
    if has_results:
        significance = rng.choice([
            f"Setelah {f.months} bulan berjalan, {m.label} {moved} dari {b} menjadi {a} ({change}). "
            f"Survei kepuasan terhadap {respondents} responden menghasilkan nilai IKM {ikm} ({grade}).",
            f"Sebelum inovasi, {m.label} tercatat {b}; setelah {f.months} bulan menjadi {a}. Sebanyak "
            f"{num(f.reach)} orang telah merasakan manfaatnya, dan nilai IKM layanan menjadi {ikm} ({grade}).",
        ])
    else:
        significance = (f"Berdasarkan rancang bangun dan simulasi, {m.label} ditargetkan {moved} dari {b} "
                        f"menjadi {tg}, dengan perkiraan {num(f.reach)} penerima manfaat per tahun.")

    others = {UnitKind.PUSKESMAS: "Puskesmas lain", UnitKind.KELURAHAN: "kelurahan lain",
              UnitKind.KECAMATAN: "kecamatan lain"}.get(f.unit_kind,
                                                         "perangkat daerah lain maupun kabupaten/kota lain")
    reason = rng.choice(
        ["aplikasinya berbasis web dan kode sumbernya dapat diserahkan kepada pemerintah daerah lain",
         "pengaturan layanan cukup dilakukan melalui menu admin tanpa pemrograman"] if t.digital else
        ["langkah kerjanya tertuang dalam SOP yang sederhana", "tidak memerlukan peralatan khusus"])
    need = ("server, satu admin, dan pelatihan petugas selama dua hari" if t.digital
            else "SK penugasan, pelatihan singkat, dan komitmen pimpinan unit")
    adaptability = f"{t.name} dapat ditiru {others} karena {reason}. Kebutuhan utamanya hanya {need}."
    if f.stage is Stage.SCALING:
        adaptability += " Panduan replikasi dan contoh SK tersedia bagi unit yang berminat."

    if f.budget is None:
        money = "Anggaran masih disusun; kegiatan awal memakai sarana yang sudah ada."
    else:
        source = {UnitKind.PUSKESMAS: "BLUD Puskesmas", UnitKind.KELURAHAN: "dana kelurahan"}.get(
            f.unit_kind, rng.choice([f"APBD (DPA {f.place})", "APBD dan CSR mitra"]))
        money = f"Anggaran {rupiah(f.budget)} bersumber dari {source} tahun {f.baseline_year + 1}."
    roles = ("pengelola aplikasi, petugas layanan, dan admin data" if t.digital
             else "petugas lapangan, kader, dan koordinator")
    facility = ("server bersama di pusat data Diskominfo, dua komputer, dan paket data petugas" if t.digital
                else "kendaraan operasional, alat peraga, dan ruang pertemuan")
    resources = f"{money} SDM: {f.team} orang ({roles}). Sarana: {facility}."

    keeper = rng.choice(KEEPERS)
    if f.stage is Stage.SCALING:
        legal = rng.choice(["Peraturan Wali Kota", "Keputusan Wali Kota", f"SK {f.head}"])
        sustainability = (f"{t.name} ditetapkan dengan {legal} dan dianggarkan rutin dalam Renja {f.place}. "
                          f"Untuk menjaganya tetap berjalan, tim {keeper}.")
    else:
        sustainability = (f"Keberlanjutan akan dijamin dengan menetapkan {t.name} melalui SK {f.head}, "
                          f"memasukkannya ke Renja tahun berikutnya, dan {keeper}.")

    served = (f"sekitar {num(f.reach)} orang telah terlayani sejak penerapan" if f.applied_on
              else f"diperkirakan {num(f.reach)} orang per tahun")
    beneficiaries = f"{cap(t.beneficiaries)}; {served}."
    return {"summary": summary, "background": background, "goals": goals, "novelty": novelty,
            "implementation": implementation, "significance": significance, "adaptability": adaptability,
            "resources": resources, "sustainability": sustainability, "beneficiaries": beneficiaries}
