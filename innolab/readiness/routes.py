"""Readiness pages: an innovation's self-assessment, the region summary and export, and the indicator table.

Years are chosen with `?year=`; without it the current year's set (or the newest) is shown.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.formfields import int_or_none
from innolab.models import Innovation
from innolab.policy import authorize, requires
from innolab.readiness import export, queries, services
from innolab.readiness.forms import BandsForm, IndicatorForm, NewSetForm, assessment_form
from innolab.readiness.scoring import MAX_LEVEL, PREDICATE_ORDER, is_auto
from innolab.vocab import EVIDENCE_KINDS

bp = Blueprint("readiness", __name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_arg() -> int | None:
    return int_or_none(request.args.get("year") or request.form.get("year"))


def _no_set():
    flash(_("Belum ada tabel indikator untuk tahun itu. Koordinator dapat membukanya di halaman Indikator IID."),
          "warning")


@bp.route("/innovations/<int:innovation_id>", methods=["GET", "POST"])
def assess(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("readiness.assess", innovation)
    indicator_set = queries.chosen_set(_year_arg())
    if indicator_set is None:
        _no_set()
        return redirect(url_for("proposals.detail", innovation_id=innovation.id))
    evidence = queries.innovation_evidence(innovation)
    assessment = queries.assessment_of(innovation, indicator_set)
    closed = queries.is_closed(indicator_set)
    if request.method == "POST":
        form = assessment_form(indicator_set, evidence)
        if form.validate_on_submit():
            try:
                services.save_assessment(innovation, current_user, indicator_set, form.entry(indicator_set))
            except DomainError as exc:
                db.session.rollback()
                flash_errors(exc, form)
            else:
                db.session.commit()
                flash(_("Penilaian mandiri tersimpan."), "success")
                return redirect(url_for("readiness.assess", innovation_id=innovation.id, year=indicator_set.year))
        # Shown again as posted; the score beside it stays the saved one until the save succeeds.
        assessment = queries.assessment_of(innovation, indicator_set)
    else:
        form = assessment_form(indicator_set, evidence, assessment, prefill=True)
    card = queries.card_for(innovation, indicator_set, assessment)
    return render_template(
        "readiness/assess.html", innovation=innovation, indicator_set=indicator_set, form=form, card=card,
        assessment=assessment, closed=closed, years=queries.set_years(), max_level=MAX_LEVEL,
        lines={line.indicator.id: line for line in card.lines}, has_evidence=bool(evidence),
        predicate=card.predicate(indicator_set) if assessment is not None else None,
        live_replications=queries.live_replications([innovation.id]).get(innovation.id, 0),
    )


@bp.get("/")
@requires("readiness.region")
def region():
    indicator_set = queries.chosen_set(_year_arg())
    if indicator_set is None:
        return render_template("readiness/region.html", indicator_set=None, summary=None, years=[],
                               bands=PREDICATE_ORDER)
    return render_template(
        "readiness/region.html", indicator_set=indicator_set, summary=queries.region_summary(indicator_set),
        unassessed=queries.unassessed(indicator_set), years=queries.set_years(), bands=PREDICATE_ORDER,
        xlsx=export.xlsx_available(), closed=queries.is_closed(indicator_set))


@bp.get("/export")
@requires("readiness.export")
def export_assessments():
    indicator_set = queries.set_for_year(_year_arg()) or queries.chosen_set(None)
    if indicator_set is None:
        _no_set()
        return redirect(url_for("readiness.region"))
    rows = queries.region_rows(indicator_set)
    name = f"penilaian-iid-{indicator_set.year}"
    if request.args.get("format") == "xlsx" and export.xlsx_available():
        body, mime, name = export.to_xlsx(indicator_set, rows), XLSX_MIME, f"{name}.xlsx"
    else:
        body, mime, name = export.to_csv(indicator_set, rows), "text/csv; charset=utf-8", f"{name}.csv"
    return Response(body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                  "Cache-Control": "private, no-store"})


@bp.route("/indicators", methods=["GET"])
@requires("readiness.indicators")
def indicators():
    return _indicators_page(queries.chosen_set(_year_arg()))


def _indicators_page(indicator_set, bands_form=None, new_set_form=None, status: int = 200):
    if bands_form is None and indicator_set is not None:
        bands_form = BandsForm(formdata=None, data={
            "set_id": str(indicator_set.id), "version_id": str(indicator_set.version_id),
            "inovatif_from": str(indicator_set.inovatif_from), "sangat_above": str(indicator_set.sangat_above)})
    return render_template(
        "readiness/indicators.html", indicator_set=indicator_set, years=queries.set_years(),
        closed=queries.is_closed(indicator_set) if indicator_set is not None else True,
        bands_form=bands_form, new_set_form=new_set_form or NewSetForm(formdata=None), kind_labels=EVIDENCE_KINDS,
        is_auto=is_auto, maximum=sum(i.weight * MAX_LEVEL for i in indicator_set.active_indicators)
        if indicator_set is not None else 0,
    ), status


@bp.route("/indicators/form", methods=["GET", "POST"])
@requires("readiness.indicators")
def indicator_form():
    """Edit the indicator `?id=`, or add one to the year's set when no id is given."""
    indicator_id = request.args.get("id")
    indicator = queries.find_indicator(int_or_none(indicator_id))
    if indicator_id is not None and indicator is None:
        abort(404)
    indicator_set = indicator.indicator_set if indicator is not None else queries.chosen_set(_year_arg())
    if indicator_set is None:
        _no_set()
        return redirect(url_for("readiness.indicators"))
    form = IndicatorForm()
    if request.method == "GET":
        form.load(indicator)
    elif form.validate_on_submit():
        try:
            saved = services.save_indicator(current_user, indicator_set, indicator, form.draft(),
                                            int_or_none(form.version_id.data))
        except DomainError as exc:
            db.session.rollback()
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Indikator “%(name)s” tahun %(year)d tersimpan.", name=saved.name, year=indicator_set.year),
                  "success")
            return redirect(url_for("readiness.indicators", year=indicator_set.year, _anchor=f"indicator-{saved.id}"))
    return render_template("readiness/indicator_form.html", form=form, indicator=indicator,
                           indicator_set=indicator_set, closed=queries.is_closed(indicator_set),
                           auto=indicator is not None and is_auto(indicator))


@bp.post("/indicators/move")
@requires("readiness.indicators")
def indicator_move():
    indicator = queries.find_indicator(int_or_none(request.args.get("id")))
    if indicator is None:
        flash(_("Indikator tidak ditemukan."), "danger")
        return redirect(url_for("readiness.indicators"))
    year = indicator.indicator_set.year
    try:
        services.move_indicator(current_user, indicator, -1 if request.form.get("direction") == "up" else 1)
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc)
    else:
        db.session.commit()
        flash(_("Urutan indikator diperbarui."), "success")
    return redirect(url_for("readiness.indicators", year=year, _anchor=f"indicator-{indicator.id}"))


@bp.post("/bands")
@requires("readiness.indicators")
def bands():
    form = BandsForm()
    indicator_set = queries.find_set(int_or_none(form.set_id.data))
    if indicator_set is None:
        flash(_("Tahun indikator tidak ditemukan."), "danger")
        return redirect(url_for("readiness.indicators"))
    if form.validate_on_submit():
        try:
            services.update_bands(current_user, indicator_set, int_or_none(form.inovatif_from.data),
                                  int_or_none(form.sangat_above.data), int_or_none(form.version_id.data))
        except DomainError as exc:
            db.session.rollback()
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Batas predikat tahun %(year)d tersimpan.", year=indicator_set.year), "success")
            return redirect(url_for("readiness.indicators", year=indicator_set.year))
    return _indicators_page(indicator_set, bands_form=form)


@bp.post("/sets")
@requires("readiness.indicators")
def set_create():
    form = NewSetForm()
    if form.validate_on_submit():
        try:
            created = services.create_set(current_user, int_or_none(form.year.data))
        except DomainError as exc:
            db.session.rollback()
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Indikator tahun %(year)d dibuat. Sesuaikan bobot dan uraiannya dengan ketentuan resmi tahun itu.",
                    year=created.year), "success")
            return redirect(url_for("readiness.indicators", year=created.year))
    return _indicators_page(queries.chosen_set(None), new_set_form=form)
