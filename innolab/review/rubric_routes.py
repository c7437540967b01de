"""The coordinator's rubric pages: current rubric per stage, the editor (a save is a new version), history."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.formfields import int_or_none
from innolab.pipeline.stages import Stage
from innolab.policy import requires
from innolab.review import bp
from innolab.review import rubrics as service
from innolab.review.forms import RubricForm


def _stage(value: str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        abort(404)


@bp.get("/rubrics")
@requires("rubric.manage")
def rubrics():
    return render_template("review/rubrics.html", rubrics=service.current_rubrics())


@bp.route("/rubrics/<stage>/edit", methods=["GET", "POST"])
@requires("rubric.manage")
def rubric_edit(stage: str):
    stage = _stage(stage)
    form = RubricForm()
    status = 200
    if request.method == "GET":
        current = service.current_rubric(stage)
        form.load(service.starting_criteria(stage), current.version if current else 0)
    elif request.form.get("action") == "add":
        # Adding a row re-shows the page with everything typed so far; nothing is saved yet.
        form.criteria.append_entry()
        form.criteria.entries[-1].form.position.data = str(len(form.criteria.entries))
    elif form.validate_on_submit():
        rows = form.kept_rows()
        seen = int_or_none(form.based_on.data)
        try:
            rubric = service.save_rubric_version(current_user, stage, [row.form.draft() for row in rows],
                                                 -1 if seen is None else seen)
        except DomainError as exc:
            db.session.rollback()
            for message in form.place_errors(rows, exc):
                flash(message, "danger")
            status = 422
        else:
            db.session.commit()
            flash(_("Rubrik %(stage)s versi %(version)d tersimpan dan dipakai untuk penilaian yang baru dimulai.",
                    stage=stage.label, version=rubric.version), "success")
            return redirect(url_for("review.rubrics"))
    else:
        form.kept_rows()
        status = 422
    return render_template("review/rubric_form.html", form=form, stage=stage, total=form.weight_total()), status


@bp.get("/rubrics/<stage>/history")
@requires("rubric.manage")
def rubric_history(stage: str):
    stage = _stage(stage)
    return render_template("review/rubric_history.html", stage=stage, versions=service.rubric_history(stage))
