"""The bell and inbox: list, unread count, mark read; and the e-mail delivery preference."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from innolab.extensions import db
from innolab.models import Notification
from innolab.notifications import service
from innolab.notifications.forms import DIGEST, IMMEDIATE, DeliveryForm
from innolab.policy import authorize, requires
from innolab.urls import safe_next

bp = Blueprint("notifications", __name__)

PER_PAGE = 20


@bp.app_context_processor
def inject_notification_helpers():
    # Callables, so pages that show no bell (and e-mails) cost no query.
    return {"unread_notification_count": _unread_of_current_user, "bell_label": bell_label,
            "notification_delivery_form": _delivery_form}


def bell_label(count: int) -> str:
    """What the bell says to a screen reader."""
    if count:
        return _("Notifikasi, %(n)d belum dibaca", n=count)
    return _("Notifikasi, tidak ada yang belum dibaca")


@bp.get("/")
@requires("notification.list")
def index():
    page = db.paginate(service.inbox_query(current_user), per_page=PER_PAGE, error_out=False)
    return render_template("notifications/index.html", page=page, render=service.render)


@bp.get("/unread")
@requires("notification.list")
def unread():
    count = service.unread_count(current_user)
    return {"count": count, "label": bell_label(count)}


@bp.post("/<int:notification_id>/read")
def mark_read(notification_id: int):
    notification = db.get_or_404(Notification, notification_id)
    authorize("notification.read", notification)
    service.mark_read(notification)
    db.session.commit()
    # The stored URL is only ever followed as a path on this site.
    return redirect(safe_next(notification.url, url_for("notifications.index")))


@bp.post("/read-all")
@requires("notification.list")
def mark_all_read():
    service.mark_all_read(current_user)
    db.session.commit()
    flash(_("Semua notifikasi ditandai sudah dibaca."), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/preferences")
@requires("account.manage")
def preferences():
    form = DeliveryForm()
    if form.validate_on_submit():
        service.set_delivery(current_user, form.delivery.data == DIGEST)
        db.session.commit()
        flash(_("Preferensi notifikasi tersimpan."), "success")
    else:
        for message in form.delivery.errors:
            flash(message, "danger")
    return redirect(url_for("main.account"))


def _unread_of_current_user() -> int:
    return service.unread_count(current_user) if current_user.is_authenticated else 0


def _delivery_form() -> DeliveryForm:
    return DeliveryForm(formdata=None, data={"delivery": DIGEST if current_user.notify_digest else IMMEDIATE})
