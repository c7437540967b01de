"""Showing a service's refusal to the user: field errors on the form, the rest as flash messages."""
from __future__ import annotations

from flask import flash

from innolab.domain import DomainError, apply_to_form


def flash_errors(error: DomainError, form=None, category: str = "danger") -> None:
    """Put each error next to its form field when there is one; flash the others."""
    unplaced = apply_to_form(form, error) if form is not None else [message for _field, message in error.errors]
    for message in unplaced:
        flash(message, category)
