"""Import of innovations from a file (coordinators and admins), and exports of the list a user is looking at."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from innolab.admin.upload import import_page
from innolab.policy import authorize, can, requires
from innolab.review.queries import local_today
from innolab.transfer import fields, queries, services
from innolab.transfer.forms import InnovationImportForm
from innolab.transfer.tables import FORMATS, MIMETYPES, write_table

bp = Blueprint("transfer", __name__)

# Rows per uploaded file: a web request must finish well within a proxy's timeout. Larger files go through
# `flask import`, which shows its progress and has no limit.
WEB_MAX_ROWS = 2000
# Where each export comes from: the list page to return to, and what the file is called.
SOURCES = {"lab": "lab.queue", "search": "catalogue.search", "catalogue": "catalogue.index"}
FILE_WORDS = {queries.INNOVATIONS: "inovasi", queries.REVIEWS: "penilaian", queries.REPLICATIONS: "replikasi"}
KIND_LABELS = {queries.INNOVATIONS: _l("Inovasi"), queries.REVIEWS: _l("Penilaian"),
               queries.REPLICATIONS: _l("Replikasi")}
LIST_ARGS_IGNORED = {"page", "per_page", "format", "kind"}


@bp.app_context_processor
def inject_export_links():
    def transfer_export_links(source: str) -> list[tuple]:
        """(kind label, [(format, url)]) for each export the signed-in user may take of the list on this page."""
        if source not in SOURCES or not can(current_user, "innovation.export"):
            return []
        args = {key: value for key, value in request.args.items() if key not in LIST_ARGS_IGNORED}
        kinds = [kind for kind in queries.KINDS if kind != queries.REVIEWS or can(current_user, "review.scores")]
        return [(kind, KIND_LABELS[kind], [(fmt, url_for(f"transfer.export_{source}", **args, kind=kind, format=fmt))
                                           for fmt in FORMATS]) for kind in kinds]

    return {"transfer_export_links": transfer_export_links}


@bp.route("/import", methods=["GET", "POST"])
@requires("innovation.import")
def import_innovations():
    upload = request.files.get("file")
    filename = upload.filename if upload else ""

    def importer(actor, data: bytes, dry_run: bool):
        return services.import_innovations(actor, data, filename, dry_run=dry_run, max_rows=WEB_MAX_ROWS)

    return import_page(importer, "transfer/import.html", form_class=InnovationImportForm,
                       required=fields.REQUIRED_COLUMNS, optional=fields.OPTIONAL_COLUMNS, max_rows=WEB_MAX_ROWS)


@bp.get("/export/lab")
@requires("lab.view")
def export_lab():
    return _export("lab", lambda: queries.lab_selection(request.args, current_user))


@bp.get("/export/search")
@requires("search.use")
def export_search():
    return _export("search", lambda: queries.search_selection(request.args, current_user, catalogue=False))


@bp.get("/export/catalogue")
@requires("innovation.export")
def export_catalogue():
    return _export("catalogue", lambda: queries.search_selection(request.args, current_user, catalogue=True))


def _export(source: str, selection):
    authorize("innovation.export")
    kind = request.args.get("kind", queries.INNOVATIONS)
    fmt = request.args.get("format", "csv")
    if kind not in queries.KINDS or fmt not in FORMATS:
        abort(404)
    if kind == queries.REVIEWS:
        authorize("review.scores")
    try:
        innovations = selection()
    except queries.ExportRefused as exc:
        flash(exc.message, "warning")
        args = {key: value for key, value in request.args.items() if key not in LIST_ARGS_IGNORED}
        return redirect(url_for(SOURCES[source], **args))
    header, rows = queries.export_table(kind, innovations, current_user)
    name = f"{FILE_WORDS[kind]}-{source}-{local_today():%Y%m%d}.{fmt}"
    data = write_table(fmt, header, rows, sheet_title=FILE_WORDS[kind])
    return send_file(BytesIO(data), mimetype=MIMETYPES[fmt], as_attachment=True, download_name=name)
