"""Admin forms: shape only; the rules live in admin.users, admin.units and admin.imports."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    Form,
    HiddenField,
    PasswordField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length

from innolab.auth.passwords import MAX_LENGTH
from innolab.formfields import CheckboxListField, int_or_none, select_choices
from innolab.vocab import Role, UnitKind


def _role_choices():
    return select_choices((role.value, role.label) for role in Role)


class _UserFields(FlaskForm):
    name = StringField(
        _l("Nama lengkap"),
        validators=[DataRequired(_l("Nama wajib diisi.")), Length(max=200, message=_l("Nama maksimal 200 karakter."))],
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("E-mail wajib diisi.")),
            Email(_l("Alamat e-mail tidak valid.")),
            Length(max=254, message=_l("E-mail maksimal 254 karakter.")),
        ],
    )
    # 18 digits is checked by the account service, which the CSV import shares.
    nip = StringField(_l("NIP"), filters=[lambda value: (value or "").strip()])
    unit_id = SelectField(
        _l("Unit kerja"), coerce=int_or_none, validate_choice=False,
        validators=[DataRequired(_l("Pilih unit kerja."))],
    )
    # Unknown role keys are reported by the service in words, rather than WTForms' English "not a valid choice".
    roles = CheckboxListField(_l("Peran"), choices=_role_choices, validate_choice=False)


class UserCreateForm(_UserFields):
    password = PasswordField(
        _l("Kata sandi awal"),
        validators=[DataRequired(_l("Kata sandi awal wajib diisi.")),
                    Length(max=MAX_LENGTH, message=_l("Kata sandi terlalu panjang."))],
    )
    submit = SubmitField(_l("Buat akun"))


class UserEditForm(_UserFields):
    is_active = BooleanField(_l("Akun aktif"))
    version_id = HiddenField()
    submit = SubmitField(_l("Simpan perubahan"))


class UserFilterForm(Form):
    """The search box and filters above the user list; a GET form, so no CSRF token."""

    q = SearchField(_l("Cari nama, e-mail atau NIP"))
    role = SelectField(
        _l("Peran"), choices=lambda: select_choices(((r.value, r.label) for r in Role), _l("Semua peran")),
        validate_choice=False,
    )
    unit = SelectField(_l("Unit kerja"), coerce=int_or_none, validate_choice=False)
    active = SelectField(
        _l("Status"), choices=select_choices([("1", _l("Aktif")), ("0", _l("Nonaktif"))], _l("Semua status")),
        validate_choice=False,
    )


class UnitForm(FlaskForm):
    name = StringField(
        _l("Nama unit"),
        validators=[DataRequired(_l("Nama unit wajib diisi.")),
                    Length(max=200, message=_l("Nama unit maksimal 200 karakter."))],
    )
    kind = SelectField(
        _l("Jenis"), choices=lambda: select_choices((kind.value, kind.label) for kind in UnitKind),
        validate_choice=False,
    )
    code = StringField(_l("Kode"), validators=[DataRequired(_l("Kode unit wajib diisi."))])
    parent_id = SelectField(_l("Unit induk"), coerce=int_or_none, validate_choice=False)
    submit = SubmitField(_l("Simpan"))


class ImportForm(FlaskForm):
    file = FileField(
        _l("Berkas CSV"),
        validators=[FileRequired(_l("Pilih berkas CSV.")),
                    FileAllowed(["csv", "txt"], _l("Berkas harus berformat CSV (.csv)."))],
    )
    dry_run = SubmitField(_l("Periksa saja"))
    submit = SubmitField(_l("Impor"))
