"""Adding and removing evidence (bukti dukung). Flush, never commit; rule violations raise DomainError."""
from __future__ import annotations

import errno
import re
import unicodedata
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from innolab import idempotency
from innolab.domain import DomainError
from innolab.evidence import storage
from innolab.evidence.checklist import requirements
from innolab.evidence.filetypes import FileType
from innolab.evidence.storage import FileRefused
from innolab.extensions import db
from innolab.models import Evidence, Innovation, User
from innolab.pipeline.stages import EDITABLE_STATUSES, Stage
from innolab.vocab import EVIDENCE_KINDS

OTHER_KIND = "lainnya"
TITLE_MAX = 200
URL_MAX = 1000
NAME_STEM_MAX = 120
_UNSAFE_NAME_CHARS = re.compile(r"[^\w\-() .]+")
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})  # disk full, quota exceeded


def evidence_query(innovation: Innovation):
    """The innovation's evidence, oldest first, uploader loaded with it."""
    return (select(Evidence).where(Evidence.innovation_id == innovation.id)
            .options(selectinload(Evidence.uploaded_by)).order_by(Evidence.created_at, Evidence.id))


def checklist_stages(innovation: Innovation) -> list[Stage]:
    """The stages whose checklists the team works on: the current one and the one its next gate leads to."""
    return [stage for stage in (innovation.stage, innovation.stage.next) if stage is not None]


def allowed_kinds(innovation: Innovation) -> list[str]:
    """Kinds the team may tag evidence with: those of the current and next stage's checklists, then 'lainnya'."""
    kinds: list[str] = []
    for stage in checklist_stages(innovation):
        kinds.extend(line.kind for line in requirements(stage) if line.kind not in kinds)
    return [*(kind for kind in kinds if kind != OTHER_KIND), OTHER_KIND]


def add_file(innovation: Innovation, actor: User, kind: str, title: str, upload,
             idempotency_key: str | None = None) -> Evidence:
    """Keep an uploaded file (a werkzeug FileStorage) whose content is an accepted document type.

    With an idempotency key the actor already used (a retried upload), nothing is stored again: the evidence the
    first upload created is returned, wherever it was filed.
    """
    key = idempotency.clean(idempotency_key)
    earlier = created_with_key(actor, key)
    if earlier is not None:
        return earlier
    stage = _checked(innovation, kind)
    title = _checked_title(title)
    try:
        stored = storage.store_stream(upload.stream)
    except FileRefused as refused:
        raise DomainError.on("file", _refusal_message(refused.reason)) from None
    except OSError as exc:
        if exc.errno not in NO_SPACE:
            raise
        # The storage removed its temporary file; the operator must free space, the user can only wait.
        current_app.logger.error("Evidence upload refused: no space left in the upload folder %s (%s)",
                                 current_app.config["UPLOAD_DIR"], exc)
        raise DomainError.on("file", _("Ruang penyimpanan server sedang penuh, jadi berkas ini tidak dapat "
                                       "disimpan. Tidak ada yang tersimpan. Coba lagi nanti atau hubungi admin "
                                       "InnoLab.")) from None
    evidence = Evidence(
        innovation_id=innovation.id, stage=stage, kind=kind, title=title, stored_name=stored.stored_name,
        original_name=download_name(upload.filename, stored.filetype), sha256=stored.sha256, size=stored.size,
        mime=stored.filetype.mime, uploaded_by_id=actor.id, idempotency_key=key,
    )
    try:
        return _insert(evidence, actor, key)
    except BaseException:
        storage.discard(stored.stored_name)
        raise


def add_link(innovation: Innovation, actor: User, kind: str, title: str, url: str,
             idempotency_key: str | None = None) -> Evidence:
    """Keep a link (e.g. a video) after checking it is a plain web address (a retried key: see add_file)."""
    key = idempotency.clean(idempotency_key)
    earlier = created_with_key(actor, key)
    if earlier is not None:
        return earlier
    stage = _checked(innovation, kind)
    title = _checked_title(title)
    url = _checked_url(url)
    evidence = Evidence(innovation_id=innovation.id, stage=stage, kind=kind, title=title, link_url=url,
                        uploaded_by_id=actor.id, idempotency_key=key)
    return _insert(evidence, actor, key)


def created_with_key(actor: User, key: str | None) -> Evidence | None:
    """The evidence `actor` added with idempotency key `key`, if any."""
    return idempotency.created_with_key(Evidence.uploaded_by_id, actor.id, key)


def _insert(evidence: Evidence, actor: User, key: str | None) -> Evidence:
    """Add the row; if a parallel request just saved the same key, return theirs."""
    saved, inserted = idempotency.insert_once(evidence, Evidence.uploaded_by_id, actor.id, key)
    if not inserted and evidence.stored_name:
        storage.discard(evidence.stored_name)  # ours is a copy nobody refers to
    return saved


def delete_evidence(evidence: Evidence, actor: User) -> None:
    """Remove the evidence; its file goes only once the deletion is committed."""
    _check_editable(evidence.innovation)
    stored_name = evidence.stored_name
    db.session.delete(evidence)
    db.session.flush()
    storage.remove_after_commit(stored_name)


def download_name(original: str | None, filetype: FileType) -> str:
    """A harmless file name for the download: no folders or odd characters, and the extension of the real type."""
    name = unicodedata.normalize("NFKC", original or "")
    name = re.split(r"[\\/]", name)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    stem = _UNSAFE_NAME_CHARS.sub("_", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip(" ._-")[:NAME_STEM_MAX].strip(" ._-")
    return f"{stem or 'bukti-dukung'}.{filetype.extension}"


def is_web_url(url: str | None) -> bool:
    """Whether `url` is an absolute http(s) address with a host."""
    if not url or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def _check_editable(innovation: Innovation) -> None:
    if innovation.status not in EDITABLE_STATUSES:
        raise DomainError.on(None, _("Bukti dukung hanya dapat diubah selama usulan masih dapat disunting."))


def _checked(innovation: Innovation, kind: str) -> Stage:
    """The stage the evidence is filed under: the first of the team's checklists that names its kind."""
    _check_editable(innovation)
    if kind not in EVIDENCE_KINDS or kind not in allowed_kinds(innovation):
        raise DomainError.on("kind", _("Pilih jenis bukti dukung dari daftar periksa tahap ini."))
    for stage in checklist_stages(innovation):
        if any(line.kind == kind for line in requirements(stage)):
            return stage
    return innovation.stage


def _checked_title(title: str | None) -> str:
    title = (title or "").strip()
    if len(title) > TITLE_MAX:
        raise DomainError.on("title", _("Judul maksimal %(n)d karakter.", n=TITLE_MAX))
    return title


def _checked_url(url: str | None) -> str:
    url = (url or "").strip()
    if not url:
        raise DomainError.on("url", _("Alamat tautan wajib diisi."))
    if len(url) > URL_MAX:
        raise DomainError.on("url", _("Alamat tautan maksimal %(n)d karakter.", n=URL_MAX))
    if not is_web_url(url):
        raise DomainError.on("url", _("Gunakan alamat web lengkap yang diawali http:// atau https://."))
    return url


def _refusal_message(reason: str) -> str:
    if reason == "too_large":
        return _("Berkas terlalu besar: maksimal %(mb)d MB per berkas.", mb=storage.MAX_FILE_BYTES // (1024 * 1024))
    if reason == "empty":
        return _("Berkas kosong.")
    return _("Jenis berkas tidak diterima. Unggah PDF, gambar (PNG, JPEG, GIF, WEBP), atau dokumen Office "
             "(Word, Excel, PowerPoint) maupun OpenDocument. Isi berkas diperiksa, bukan hanya namanya.")
