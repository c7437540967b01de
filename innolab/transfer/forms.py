"""The upload form of the innovation import: shape only; the rules live in transfer.services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField


class InnovationImportForm(FlaskForm):
    file = FileField(
        _l("Berkas CSV atau XLSX"),
        validators=[FileRequired(_l("Pilih berkas CSV atau XLSX.")),
                    FileAllowed(["csv", "txt", "xlsx"], _l("Berkas harus berformat CSV (.csv) atau Excel (.xlsx)."))],
    )
    dry_run = SubmitField(_l("Periksa saja"))
    submit = SubmitField(_l("Impor"))
