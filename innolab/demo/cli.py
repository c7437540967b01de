"""flask seed-demo: load the demo city and print what it holds and how to sign in."""
from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.demo.timeline import STAGE_NAMES
from innolab.vocab import UnitKind

URL = "http://127.0.0.1:5000"
UNIT_WORDS = {UnitKind.PEMDA: "pemda", UnitKind.OPD: "OPD", UnitKind.UPTD: "UPTD", UnitKind.PUSKESMAS: "Puskesmas",
              UnitKind.KECAMATAN: "kecamatan", UnitKind.KELURAHAN: "kelurahan", UnitKind.DESA: "desa"}


@click.command("seed-demo")
@click.option("--allow-production", is_flag=True,
              help="Seed even with INNOLAB_PRODUCTION=1 (a trial server holding no real data only).")
@with_appcontext
def seed_demo(allow_production: bool) -> None:
    """Fill the database with a realistic demo city (idempotent)."""
    from flask import current_app

    from innolab.demo.seed import demo_counts
    from innolab.demo.seed import seed_demo as run
    from innolab.extensions import db

    if current_app.config.get("PRODUCTION") and not allow_production:
        # The demo accounts, an administrator among them, share a password printed below and in the README.
        raise click.ClickException(
            "Data demo memuat akun (termasuk Administrator) dengan kata sandi yang diketahui umum, jadi tidak dimuat "
            "saat INNOLAB_PRODUCTION=1. Untuk server uji coba tanpa data sungguhan, tambahkan --allow-production.")

    began = time.perf_counter()
    try:
        report = run()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    counts = demo_counts()
    click.echo("=" * 72)
    click.echo(f"DATA DEMO InnoLab — {counts['region']}")
    click.echo("Semua orang, inovasi, penilaian dan angka di dalamnya fiktif, dibuat untuk mencoba aplikasi;")
    click.echo("nama wilayah saja yang nyata. Jangan dimuat ke basis data produksi.")
    click.echo("=" * 72)
    if report.changed:
        click.echo(f"Dibuat sekarang: {report.created_units} unit, {report.created_users} pengguna, "
                   f"{report.created_innovations} inovasi ({time.perf_counter() - began:.1f} detik).")
    else:
        click.echo("Data demo sudah ada; tidak ada yang diubah.")
    _summary(counts)
    click.echo("")
    click.echo(f"Login demo — buka {URL}")
    click.echo(f"  {'Peran':<18}{'E-mail':<32}Kata sandi")
    for role, email, _name in DEMO_ACCOUNTS:
        click.echo(f"  {str(role.label):<18}{email:<32}{DEMO_PASSWORD}")


def _summary(c: dict) -> None:
    units = c["units"]
    rows = [
        ("Unit kerja", sum(units.values()),
         ", ".join(f"{n} {UNIT_WORDS[kind]}" for kind, n in units.items() if n)),
        ("Pengguna", c["users"], ", ".join(f"{n} {role.label}" for role, n in c["roles"].items())),
        ("Inovasi", sum(c["innovations"].values()),
         ", ".join(f"{n} {STAGE_NAMES[stage]}" for stage, n in c["innovations"].items())
         + f"; {c['published']} tayang di katalog"),
        ("Riwayat tahapan", c["stage_events"], ""),
        ("Putaran penilaian", c["review_rounds"],
         f"{c['assignments']} penugasan, {c['reviews']} penilaian, {c['scores']} skor"),
        ("Komentar", c["comments"], ""),
        ("Bukti dukung", c["evidence_links"] + c["evidence_files"],
         f"{c['evidence_links']} tautan, {c['evidence_files']} berkas"),
        ("Replikasi", c["replications"], ""),
        ("Notifikasi", c["notifications"], ""),
        ("Rubrik", c["rubrics"], f"{c['criteria']} kriteria, {c['evidence_requirements']} butir checklist"),
    ]
    click.echo("")
    click.echo("Ringkasan isi basis data:")
    for label, total, detail in rows:
        click.echo(f"  {label:<18}{total:>6}  {detail}".rstrip())
