"""Admin views of user accounts: list, create, edit, deactivate, reactivate, import."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.admin import bp, imports
from innolab.admin import users as service
from innolab.admin.forms import UserCreateForm, UserEditForm, UserFilterForm
from innolab.admin.units import unit_choices
from innolab.admin.upload import import_page
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.formfields import select_choices
from innolab.models import User
from innolab.policy import requires
from innolab.urls import safe_next

PER_PAGE = 25



def _unit_select(form) -> None:
    form.unit_id.choices = select_choices(unit_choices(), _("— Pilih unit kerja —"))


def _account_fields(form) -> dict:
    return dict(name=form.name.data, email=form.email.data, nip=form.nip.data, unit_id=form.unit_id.data,
                roles=form.roles.data)


@bp.get("/users")
@requires("user.manage")
def users():
    filters = UserFilterForm(request.args)
    filters.unit.choices = select_choices(unit_choices(), _("Semua unit"))
    stmt = service.user_listing(filters.q.data or "", filters.role.data or "", filters.unit.data,
                                filters.active.data or "")
    page = db.paginate(stmt, per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", filters=filters, page=page)


@bp.route("/users/new", methods=["GET", "POST"])
@requires("user.manage")
def user_new():
    form = UserCreateForm()
    _unit_select(form)
    if form.validate_on_submit():
        try:
            user = service.create_account(current_user, **_account_fields(form), password=form.password.data)
        except DomainError as exc:
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Akun %(email)s sudah dibuat.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires("user.manage")
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(data={
        "name": user.name, "email": user.email, "nip": user.nip or "", "unit_id": user.unit_id,
        "roles": sorted(role.value for role in user.roles), "is_active": user.is_active,
        "version_id": user.version_id,
    })
    _unit_select(form)
    if form.validate_on_submit():
        try:
            service.update_account(current_user, user, **_account_fields(form), is_active=form.is_active.data,
                                   version_id=form.version_id.data)
        except DomainError as exc:
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_("Perubahan akun %(email)s tersimpan.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


def _set_active(user_id: int, active: bool):
    user = db.get_or_404(User, user_id)
    try:
        service.set_active(current_user, user, active)
    except DomainError as exc:
        flash_errors(exc)
    else:
        db.session.commit()
        if active:
            flash(_("Akun %(email)s diaktifkan kembali.", email=user.email), "success")
        else:
            flash(_("Akun %(email)s dinonaktifkan dan semua sesinya diakhiri.", email=user.email), "success")
    return redirect(safe_next(request.form.get("next"), url_for("admin.user_edit", user_id=user.id)))


@bp.post("/users/<int:user_id>/deactivate")
@requires("user.manage")
def user_deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/reactivate")
@requires("user.manage")
def user_reactivate(user_id: int):
    return _set_active(user_id, True)


@bp.route("/users/import", methods=["GET", "POST"])
@requires("user.manage")
def user_import():
    return import_page(imports.import_users, "admin/user_import.html")
