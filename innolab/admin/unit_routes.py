"""Admin views of the unit tree: tree, create, edit, delete, import."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.admin import bp, imports
from innolab.admin import units as service
from innolab.admin.forms import UnitForm
from innolab.admin.upload import import_page
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.formfields import select_choices
from innolab.models import Unit
from innolab.policy import requires


def _parent_select(form) -> None:
    form.parent_id.choices = select_choices(service.unit_choices(), _("— Tanpa induk (pemerintah daerah) —"))


def _unit_fields(form) -> dict:
    return dict(name=form.name.data, kind=form.kind.data, code=form.code.data, parent_id=form.parent_id.data)


@bp.get("/units")
@requires("unit.manage")
def units():
    return render_template("admin/units.html", tree=service.unit_tree())


@bp.route("/units/new", methods=["GET", "POST"])
@requires("unit.manage")
def unit_new():
    form = UnitForm(data={"parent_id": request.args.get("parent", type=int)})
    _parent_select(form)
    if form.validate_on_submit():
        try:
            unit = service.create_unit(current_user, **_unit_fields(form))
        except DomainError as exc:
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Unit %(name)s sudah ditambahkan.", name=unit.name), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=None)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@requires("unit.manage")
def unit_edit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = UnitForm(data={"name": unit.name, "kind": unit.kind.value, "code": unit.code, "parent_id": unit.parent_id})
    _parent_select(form)
    if form.validate_on_submit():
        try:
            changed = service.update_unit(current_user, unit, **_unit_fields(form))
        except DomainError as exc:
            flash_errors(exc, form)
        else:
            db.session.commit()
            if changed:
                flash(_("Perubahan unit %(name)s tersimpan.", name=unit.name), "success")
            else:
                flash(_("Tidak ada yang berubah."), "info")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=unit)


@bp.post("/units/<int:unit_id>/delete")
@requires("unit.manage")
def unit_delete(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    name = unit.name
    try:
        service.delete_unit(current_user, unit)
    except DomainError as exc:
        flash_errors(exc)
        return redirect(url_for("admin.unit_edit", unit_id=unit_id))
    db.session.commit()
    flash(_("Unit %(name)s sudah dihapus.", name=name), "success")
    return redirect(url_for("admin.units"))


@bp.route("/units/import", methods=["GET", "POST"])
@requires("unit.manage")
def unit_import():
    return import_page(imports.import_units, "admin/unit_import.html")
