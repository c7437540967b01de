"""Forms of the evidence pages: a file, a link, and a checklist line."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from innolab import idempotency
from innolab.formfields import select_choices
from innolab.pipeline.stages import STAGE_ORDER
from innolab.vocab import EVIDENCE_KINDS

# A hint for the file picker only: the server decides by content.
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"
CHOOSE = _l("— pilih —")


def kind_choices(kinds: list[str]):
    """Select choices for evidence kinds, labelled in the reader's language."""
    return select_choices(((kind, EVIDENCE_KINDS[kind]) for kind in kinds if kind in EVIDENCE_KINDS), CHOOSE)


class _EvidenceForm(FlaskForm):
    idempotency_key = idempotency.key_field()
    kind = SelectField(_l("Jenis bukti dukung"), validators=[DataRequired(_l("Pilih jenis bukti dukung."))])
    title = StringField(_l("Judul / keterangan"), validators=[Length(max=200)])

    def __init__(self, kinds: list[str], **kwargs):
        super().__init__(**kwargs)
        self.kind.choices = kind_choices(kinds)


class EvidenceFileForm(_EvidenceForm):
    file = FileField(_l("Berkas"), validators=[FileRequired(_l("Pilih berkas yang akan diunggah."))],
                     render_kw={"accept": ACCEPT})

    def __init__(self, kinds: list[str], **kwargs):
        super().__init__(kinds, prefix="file", **kwargs)


class EvidenceLinkForm(_EvidenceForm):
    url = StringField(_l("Alamat tautan (URL)"), validators=[DataRequired(_l("Alamat tautan wajib diisi.")),
                                                            Length(max=1000)],
                      render_kw={"inputmode": "url", "placeholder": "https://"})

    def __init__(self, kinds: list[str], **kwargs):
        super().__init__(kinds, prefix="link", **kwargs)


class ChecklistLineForm(FlaskForm):
    stage = SelectField(_l("Tahap"), choices=select_choices(((s.value, s.label) for s in STAGE_ORDER), CHOOSE),
                        validators=[DataRequired(_l("Pilih tahap."))])
    kind = SelectField(_l("Jenis bukti dukung"), choices=kind_choices(list(EVIDENCE_KINDS)),
                       validators=[DataRequired(_l("Pilih jenis bukti dukung."))])
    required = BooleanField(_l("Wajib"), default=True)
