"""The comment form: shape only; who may post what is policy.py's call."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from innolab.comments.services import MAX_LENGTH
from innolab.models import CommentVisibility


def _unix_newlines(value):
    # Browsers send CRLF: count a line break as one character, as the reader sees it.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class CommentForm(FlaskForm):
    """Shown inside other pages (the proposal page), hence prefixed: its field ids must not clash with theirs."""

    body = TextAreaField(
        _l("Komentar"), filters=[_unix_newlines],
        validators=[DataRequired(_l("Tulis komentar terlebih dahulu.")),
                    Length(max=MAX_LENGTH, message=_l("Komentar maksimal %(max)d karakter."))],
    )
    visibility = RadioField(
        _l("Terlihat oleh"),
        choices=[SelectChoice(CommentVisibility.INTERNAL.value, _l("Catatan internal: hanya penilai dan koordinator")),
                 SelectChoice(CommentVisibility.PARTICIPANTS.value, _l("Tim inovator, penilai, dan koordinator"))],
        default=CommentVisibility.PARTICIPANTS.value,
    )
    submit = SubmitField(_l("Kirim komentar"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "comment")
        super().__init__(*args, **kwargs)
