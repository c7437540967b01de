"""Account forms: shape only; rules live in auth.services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from innolab.auth.passwords import MAX_LENGTH

# No password longer than MAX_LENGTH is ever set, so a longer one is simply wrong: refused before any hashing.
WRONG_LOGIN = _l("E-mail atau kata sandi salah, atau akun tidak aktif.")
EMAIL_TOO_LONG = _l("E-mail maksimal 254 karakter.")


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("E-mail wajib diisi.")), Length(max=254, message=EMAIL_TOO_LONG)]
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Kata sandi wajib diisi.")), Length(max=MAX_LENGTH, message=WRONG_LOGIN)],
    )
    next = HiddenField()
    submit = SubmitField(_l("Masuk"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[DataRequired(_l("Kata sandi saat ini wajib diisi.")),
                    Length(max=MAX_LENGTH, message=_l("Kata sandi saat ini salah."))],
    )
    new_password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(_l("Kata sandi baru wajib diisi."))])
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("new_password", _l("Kedua kata sandi tidak sama."))],
    )
    submit = SubmitField(_l("Ganti kata sandi"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(_l("E-mail wajib diisi.")), Email(_l("Alamat e-mail tidak valid.")),
                    Length(max=254, message=EMAIL_TOO_LONG)],
    )
    submit = SubmitField(_l("Kirim tautan"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(_l("Kata sandi baru wajib diisi."))])
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"), validators=[EqualTo("password", _l("Kedua kata sandi tidak sama."))]
    )
    submit = SubmitField(_l("Simpan kata sandi"))
