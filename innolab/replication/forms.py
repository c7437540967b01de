"""Forms of the replication pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class RegisterReplicationForm(FlaskForm):
    adopting_unit_id = SelectField(_l("Unit yang mereplikasi"), coerce=int)
    contact = StringField(_l("Narahubung"), description=_l("Nama, jabatan, dan nomor telepon atau surel."),
                          validators=[DataRequired(_l("Narahubung wajib diisi.")), Length(max=300)])
    plan = TextAreaField(_l("Rencana replikasi"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 4},
                         description=_l("Apa yang akan ditiru, penyesuaian untuk unit Anda, dan siapa pelaksananya."))
    started_on = DateField(_l("Rencana mulai"), validators=[Optional()])
    create_proposal = BooleanField(_l("Buat juga draf usulan replikasi di laboratorium inovasi unit kami"))

    def values(self) -> dict:
        values = {name: self[name].data for name in ("adopting_unit_id", "contact", "plan", "started_on")}
        values["create_proposal"] = "create_proposal" in self and bool(self.create_proposal.data)
        return values


class UpdateReplicationForm(FlaskForm):
    version_id = HiddenField()
    status = SelectField(_l("Status"))
    note = TextAreaField(_l("Catatan perkembangan"), validators=[Length(max=5000)], render_kw={"rows": 3})
