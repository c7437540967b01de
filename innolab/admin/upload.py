"""The upload-and-report page that both CSV imports share."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, render_template
from flask_babel import gettext as _
from flask_login import current_user

from innolab.admin.csvfile import ImportReport
from innolab.admin.forms import ImportForm
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.feedback import flash_errors


def _summary(report: ImportReport) -> str:
    if report.dry_run:
        return _("Pemeriksaan selesai, tidak ada yang disimpan: %(ok)d baris siap diimpor, %(bad)d baris bermasalah.",
                 ok=report.created + report.updated + report.unchanged, bad=report.rejected)
    return _("Impor selesai: %(created)d dibuat, %(updated)d diperbarui, %(unchanged)d tanpa perubahan, "
             "%(bad)d baris ditolak.", created=report.created, updated=report.updated,
             unchanged=report.unchanged, bad=report.rejected)


def import_page(importer: Callable[..., ImportReport], template: str, form_class=ImportForm, **context):
    """Show the upload form; on upload run `importer`, commit what it kept, and show its per-row report."""
    form = form_class()
    report = None
    if form.validate_on_submit():
        try:
            report = importer(current_user, form.file.data.read(), dry_run=bool(form.dry_run.data))
        except DomainError as exc:
            flash_errors(exc, form)
        else:
            db.session.commit()
            flash(_summary(report), "warning" if report.rejected else "success")
    # The report is rendered, not redirected to: it can be far too long for a flash message or the session cookie.
    return render_template(template, form=form, report=report, **context)
