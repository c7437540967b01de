"""Form helpers shared by every blueprint."""
from __future__ import annotations

from wtforms import SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from innolab.urls import MAX_DATABASE_ID


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def select_choices(pairs, placeholder=None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices, after an empty 'nothing chosen' option when `placeholder` is given."""
    choices = [SelectChoice("", placeholder)] if placeholder is not None else []
    return choices + [SelectChoice(str(value), label) for value, label in pairs]


def int_or_none(value) -> int | None:
    """Posted text to an int; anything else to None, so a missing or bad value reads as 'not given', never a crash."""
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    # Beyond any id column: a crafted value must not reach a query (PostgreSQL: integer out of range).
    return number if number is None or abs(number) <= MAX_DATABASE_ID else None
