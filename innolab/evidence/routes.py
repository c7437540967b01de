"""Evidence of a proposal (add a file or a link, download, delete) and the coordinators' checklist editor."""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from innolab.domain import DomainError
from innolab.evidence import checklist_editor, filetypes, services, storage
from innolab.evidence.checklist import requirements
from innolab.evidence.forms import ChecklistLineForm, EvidenceFileForm, EvidenceLinkForm
from innolab.evidence.panel import evidence_context
from innolab.extensions import db
from innolab.feedback import flash_errors
from innolab.models import Evidence, EvidenceRequirement, Innovation
from innolab.pipeline.stages import STAGE_ORDER, Stage
from innolab.policy import authorize, requires
from innolab.vocab import EVIDENCE_KINDS

bp = Blueprint("evidence", __name__)
bp.record_once(lambda state: storage.init_app(state.app))

# A downloaded file must never run as a page of this site, even if a browser tried to render it.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


@bp.get("/proposals/<int:innovation_id>/evidence")
def manage(innovation_id: int):
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("proposal.view", innovation)
    return _page(innovation)


@bp.post("/proposals/<int:innovation_id>/evidence/files")
def upload(innovation_id: int):
    return _add_evidence(innovation_id, EvidenceFileForm, "file_form", _("Berkas bukti dukung tersimpan."),
                         lambda innovation, form: services.add_file(innovation, current_user, form.kind.data,
                                                                    form.title.data, form.file.data,
                                                                    form.idempotency_key.data))


@bp.post("/proposals/<int:innovation_id>/evidence/links")
def add_link(innovation_id: int):
    return _add_evidence(innovation_id, EvidenceLinkForm, "link_form", _("Tautan bukti dukung tersimpan."),
                         lambda innovation, form: services.add_link(innovation, current_user, form.kind.data,
                                                                    form.title.data, form.url.data,
                                                                    form.idempotency_key.data))


@bp.get("/proposals/<int:innovation_id>/evidence/<int:evidence_id>/download")
def download(innovation_id: int, evidence_id: int):
    evidence = _evidence_of(innovation_id, evidence_id)
    authorize("evidence.download", evidence)
    path = storage.path_for(evidence.stored_name)
    if evidence.is_link or path is None or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=filetypes.download_mime(evidence.mime), conditional=True,
                         etag=evidence.sha256 or True, max_age=0)
    response.headers["Content-Disposition"] = _attachment(evidence.original_name or "bukti-dukung")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/proposals/<int:innovation_id>/evidence/<int:evidence_id>/delete")
def delete(innovation_id: int, evidence_id: int):
    evidence = _evidence_of(innovation_id, evidence_id)
    authorize("evidence.delete", evidence)
    innovation = evidence.innovation
    try:
        services.delete_evidence(evidence, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash_errors(exc)
    else:
        db.session.commit()  # the file is unlinked by the commit hook, never before
        flash(_("Bukti dukung dihapus."), "success")
    return _back_to_proposal(innovation)


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    # The body was not read, so nothing was stored; send the user back to the form with a plain explanation.
    innovation_id = (request.view_args or {}).get("innovation_id")
    if innovation_id is None:
        return error
    flash(_("Berkas terlalu besar: maksimal %(mb)d MB per berkas. Tidak ada yang disimpan.",
            mb=storage.MAX_FILE_BYTES // (1024 * 1024)), "danger")
    return redirect(url_for("evidence.manage", innovation_id=innovation_id), code=303)


@bp.route("/lab/checklists", methods=["GET", "POST"])
@requires("checklist.manage")
def checklists():
    form = ChecklistLineForm()
    if form.validate_on_submit():
        try:
            line = checklist_editor.add_requirement(current_user, Stage(form.stage.data), form.kind.data,
                                                    form.required.data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            db.session.commit()
            flash(_("%(kind)s ditambahkan ke daftar periksa tahap %(stage)s.",
                    kind=EVIDENCE_KINDS[line.kind], stage=line.stage.label), "success")
            return redirect(url_for("evidence.checklists", _anchor=f"stage-{line.stage.value}"))
    stages = [(stage, requirements(stage)) for stage in STAGE_ORDER]
    return render_template("evidence/checklists.html", form=form, stages=stages, labels=EVIDENCE_KINDS)


@bp.post("/lab/checklists/<int:requirement_id>/required")
@requires("checklist.manage")
def checklist_required(requirement_id: int):
    line = db.get_or_404(EvidenceRequirement, requirement_id)
    checklist_editor.set_required(current_user, line, request.form.get("required") == "1")
    db.session.commit()
    flash(_("Daftar periksa diperbarui."), "success")
    return _back_to_checklists(line)


@bp.post("/lab/checklists/<int:requirement_id>/move")
@requires("checklist.manage")
def checklist_move(requirement_id: int):
    line = db.get_or_404(EvidenceRequirement, requirement_id)
    checklist_editor.move_requirement(current_user, line, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    flash(_("Urutan daftar periksa diperbarui."), "success")
    return _back_to_checklists(line)


@bp.post("/lab/checklists/<int:requirement_id>/delete")
@requires("checklist.manage")
def checklist_remove(requirement_id: int):
    line = db.get_or_404(EvidenceRequirement, requirement_id)
    stage = line.stage
    checklist_editor.remove_requirement(current_user, line)
    db.session.commit()
    flash(_("Jenis bukti dukung dihapus dari daftar periksa."), "success")
    return redirect(url_for("evidence.checklists", _anchor=f"stage-{stage.value}"))


def _add_evidence(innovation_id: int, form_class, form_name: str, success: str, add):
    """The shared flow of both evidence forms: check, add through the service, commit, or show the errors."""
    innovation = db.get_or_404(Innovation, innovation_id)
    authorize("evidence.add", innovation)
    form = form_class(services.allowed_kinds(innovation))
    if form.validate_on_submit():
        try:
            evidence = add(innovation, form)
        except DomainError as exc:
            _refused(form, exc)
        else:
            db.session.commit()
            flash(success, "success")
            # A retried submission (same idempotency key) leads to where its first attempt filed the evidence.
            return _back_to_proposal(evidence.innovation)
    return _page(innovation, **{form_name: form})


def _page(innovation: Innovation, **forms):
    context = evidence_context(innovation, current_user, **forms)
    return render_template("evidence/manage.html", innovation=innovation, ctx=context)


def _evidence_of(innovation_id: int, evidence_id: int) -> Evidence:
    evidence = db.get_or_404(Evidence, evidence_id)
    if evidence.innovation_id != innovation_id:
        abort(404)  # an id of another proposal's evidence: no hint that it exists
    return evidence


def _attachment(filename: str) -> str:
    """Content-Disposition for `filename`: an ASCII fallback plus the exact name per RFC 5987."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = "".join(ch if ch.isprintable() and ch not in '"\\' else "_" for ch in ascii_name) or "bukti-dukung"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _back_to_proposal(innovation: Innovation):
    return redirect(url_for("proposals.detail", innovation_id=innovation.id, _anchor="bukti-dukung"))


def _back_to_checklists(line: EvidenceRequirement):
    return redirect(url_for("evidence.checklists", _anchor=f"stage-{line.stage.value}"))


def _refused(form, exc: DomainError) -> None:
    db.session.rollback()  # a file stored before the refusal goes with the transaction
    flash_errors(exc, form)
