"""Sign in and out, change and reset passwords."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.auth import services
from innolab.auth.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, ResetPasswordForm
from innolab.auth.sessions import end_session, start_session
from innolab.domain import DomainError
from innolab.extensions import db, limiter
from innolab.feedback import flash_errors
from innolab.mail import send_mail
from innolab.policy import requires
from innolab.urls import safe_next

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _login_account_key() -> str:
    return "login:" + services.normalise_email(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_account_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            _log_failed_login(form.email.data)
            form.password.errors.append(_("E-mail atau kata sandi salah, atau akun tidak aktif."))
        else:
            start_session(user)
            db.session.commit()
            current_app.logger.info("login ok: user=%s ip=%s", user.id, request.remote_addr)
            return redirect(safe_next(form.next.data, url_for("main.dashboard")))
    elif form.is_submitted() and form.email.data and form.password.data:
        _log_failed_login(form.email.data)  # e.g. a password longer than any that can be set
    return render_template("auth/login.html", form=form)


def _log_failed_login(email: str) -> None:
    # The address as a keyed hash: failures against one account can be told apart without the log holding it.
    current_app.logger.warning("login failed: email_hash=%s ip=%s", services.email_digest(email), request.remote_addr)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        current_app.logger.info("logout: user=%s ip=%s", current_user.id, request.remote_addr)
    end_session()
    db.session.commit()
    flash(_("Anda telah keluar."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires("account.manage")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as exc:
            flash_errors(exc, form)
        else:
            db.session.commit()
            current_app.logger.info("password changed: user=%s ip=%s", current_user.id, request.remote_addr)
            flash(_("Kata sandi sudah diganti. Sesi di perangkat lain telah diakhiri."), "success")
            return redirect(url_for("main.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        current_app.logger.info("password reset requested: email_hash=%s ip=%s", services.email_digest(form.email.data),
                                request.remote_addr)
        if user is not None and user.is_active:
            link = url_for("auth.reset_password", token=services.make_reset_token(user), _external=True)
            send_mail(
                user.email,
                _("Atur ulang kata sandi InnoLab"),
                render_template("auth/reset_email.txt", user=user, link=link),
            )
        # The same answer whether or not the account exists, so the form cannot be used to probe e-mails.
        flash(_("Jika e-mail terdaftar, tautan untuk mengatur ulang kata sandi telah dikirim."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if services.user_for_reset_token(token) is None:
        flash(_("Tautan atur ulang kata sandi tidak berlaku atau sudah kedaluwarsa."), "danger")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except DomainError as exc:
            flash_errors(exc, form)
        else:
            db.session.commit()
            current_app.logger.info("password reset: user=%s ip=%s", user.id, request.remote_addr)
            flash(_("Kata sandi baru tersimpan. Silakan masuk."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
