"""The proposal form, in the sections of the national competition (KIPP) and index (IID) forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from innolab import idempotency
from innolab.formfields import select_choices
from innolab.vocab import AFFAIRS, Initiator, InnovationForm, InnovationType

CHOOSE = _l("— pilih —")
TYPE_CHOICES = select_choices([(InnovationType.DIGITAL.value, _l("Digital")),
                               (InnovationType.NON_DIGITAL.value, _l("Non-digital"))], CHOOSE)
FORM_CHOICES = select_choices([(InnovationForm.TATA_KELOLA.value, _l("Inovasi tata kelola pemerintahan daerah")),
                               (InnovationForm.PELAYANAN_PUBLIK.value, _l("Inovasi pelayanan publik")),
                               (InnovationForm.LAINNYA.value, _l("Inovasi daerah lainnya"))], CHOOSE)
INITIATOR_CHOICES = select_choices([(Initiator.KEPALA_DAERAH.value, _l("Kepala daerah")),
                                    (Initiator.DPRD.value, _l("Anggota DPRD")),
                                    (Initiator.PERANGKAT_DAERAH.value, _l("Perangkat daerah")),
                                    (Initiator.ASN.value, _l("ASN")), (Initiator.MASYARAKAT.value, _l("Masyarakat"))],
                                   CHOOSE)
AFFAIR_CHOICES = select_choices(AFFAIRS.items(), CHOOSE)
SDG_CHOICES = select_choices((n, f"SDG {n}") for n in range(1, 18))
TEXT_LIMIT = 20000
TEXT_FIELDS = ("title", "summary", "background", "goals", "novelty", "implementation", "significance",
               "adaptability", "resources", "sustainability", "beneficiaries")


def _text(label, description=None):
    return TextAreaField(label, description=description, validators=[Optional(), Length(max=TEXT_LIMIT)],
                         render_kw={"rows": 5})


class ProposalForm(FlaskForm):
    version_id = HiddenField()
    idempotency_key = idempotency.key_field()  # read when a new proposal is created; ignored on edits
    title = StringField(_l("Judul inovasi"), validators=[Length(max=200)])
    innovation_type = SelectField(_l("Jenis inovasi"), choices=TYPE_CHOICES, default="")
    form = SelectField(_l("Bentuk inovasi"), choices=FORM_CHOICES, default="")
    initiator = SelectField(_l("Inisiator"), choices=INITIATOR_CHOICES, default="")
    affair = SelectField(_l("Urusan pemerintahan"), choices=AFFAIR_CHOICES, default="")
    sdgs = SelectMultipleField(_l("Tujuan Pembangunan Berkelanjutan (SDGs)"), choices=SDG_CHOICES,
                               validators=[Optional()])
    tags = StringField(_l("Kata kunci"), description=_l("Pisahkan dengan koma."), validators=[Length(max=300)])
    started_on = DateField(_l("Tanggal mulai"), validators=[Optional()])
    trial_on = DateField(_l("Tanggal uji coba"), validators=[Optional()])
    applied_on = DateField(_l("Tanggal penerapan"), validators=[Optional()])
    summary = _text(_l("Ringkasan"), _l("Maksimal 200 kata."))
    background = _text(_l("Latar belakang"), _l("Masalah apa yang dijawab, dengan data."))
    goals = _text(_l("Tujuan"))
    novelty = _text(_l("Kebaruan / nilai tambah"))
    implementation = _text(_l("Implementasi / rancang bangun"), _l("Tahapan, cara kerja, dan pihak yang terlibat."))
    significance = _text(_l("Signifikansi"), _l("Kondisi sebelum dan sesudah, dengan angka."))
    adaptability = _text(_l("Adaptabilitas"), _l("Bagaimana inovasi ini dapat ditiru unit lain."))
    resources = _text(_l("Sumber daya"), _l("SDM, sarana, dan anggaran yang dipakai."))
    budget = DecimalField(_l("Anggaran (Rp)"), places=2, validators=[Optional(), NumberRange(min=0)])
    sustainability = _text(_l("Strategi keberlanjutan"))
    beneficiaries = _text(_l("Penerima manfaat"))

    def values(self) -> dict:
        """The posted values in the shape the services take (blank selects become None)."""
        data = {name: self[name].data or "" for name in TEXT_FIELDS}
        data.update({name: self[name].data for name in ("started_on", "trial_on", "applied_on", "budget")})
        for name in ("innovation_type", "form", "initiator", "affair"):
            data[name] = self[name].data or None
        data["sdgs"] = sorted(int(n) for n in (self.sdgs.data or []))
        data["tags"] = [t.strip() for t in (self.tags.data or "").split(",") if t.strip()]
        return data

    def load(self, innovation) -> None:
        """Fill the form from a saved proposal (on GET)."""
        self.process(obj=innovation)
        self.sdgs.data = [str(n) for n in innovation.sdgs or []]
        self.tags.data = ", ".join(innovation.tags or [])
        for name in ("innovation_type", "form", "initiator"):
            value = getattr(innovation, name)
            self[name].data = value.value if value else ""
        self.affair.data = innovation.affair or ""


class WithdrawForm(FlaskForm):
    version_id = HiddenField()
    reason = TextAreaField(_l("Alasan penarikan"), validators=[DataRequired(_l("Alasan penarikan wajib diisi.")),
                                                               Length(max=2000)], render_kw={"rows": 4})


class TeamMemberForm(FlaskForm):
    identifier = StringField(_l("E-mail atau NIP"), validators=[DataRequired(_l("Isi e-mail atau NIP anggota.")),
                                                                 Length(max=254)])
    role_in_team = StringField(_l("Peran dalam tim"), validators=[Length(max=100)],
                               description=_l("Mis. analis data, penanggung jawab teknis."))
