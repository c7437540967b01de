"""Errors that services raise for rule violations, carried back to the form field they concern."""
from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation; `errors` pairs a field name (or None) with a user message."""

    def __init__(self, *errors: tuple[str | None, str]):
        super().__init__("; ".join(str(message) for _, message in errors))
        self.errors = list(errors)

    @classmethod
    def on(cls, field: str | None, message) -> DomainError:
        return cls((field, message))


def apply_to_form(form, error: DomainError) -> list:
    """Put each error on its form field; return the messages that belong to no field."""
    unplaced = []
    for field_name, message in error.errors:
        field = getattr(form, field_name, None) if field_name else None
        if field is None:
            unplaced.append(message)
        else:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
    return unplaced
