"""The notification preference form: shape only."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

DIGEST, IMMEDIATE = "digest", "immediate"


class DeliveryForm(FlaskForm):
    delivery = RadioField(
        _l("Kirim notifikasi lewat e-mail"),
        choices=[SelectChoice(DIGEST, _l("Ringkasan harian: satu e-mail sehari berisi semua notifikasi baru")),
                 SelectChoice(IMMEDIATE, _l("Segera: satu e-mail untuk setiap notifikasi"))],
        validators=[InputRequired(_l("Pilih cara pengiriman e-mail."))],
    )
    submit = SubmitField(_l("Simpan preferensi"))
