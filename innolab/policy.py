"""Every permission decision in one place: can(user, action, obj).

Views, the API, the CLI and tests all ask here; nothing else decides who may do what.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user

from innolab.vocab import Role

ANYONE = "anyone"  # no login needed
SIGNED_IN = "signed_in"  # any active account

# Actions decided by role alone. An object-level rule may refine one below.
ROLE_RULES: dict[str, frozenset[str]] = {
    "home.view": frozenset({ANYONE}),
    "dashboard.view": frozenset({SIGNED_IN}),
    "account.manage": frozenset({SIGNED_IN}),
    "admin.access": frozenset({Role.ADMIN}),
    "user.manage": frozenset({Role.ADMIN}),
    "unit.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN}),
    "proposal.create": frozenset({Role.INNOVATOR}),
    "proposal.list_own": frozenset({Role.INNOVATOR}),
    "proposal.view": frozenset({SIGNED_IN}),
    "proposal.edit": frozenset({Role.INNOVATOR}),
    "rubric.manage": frozenset({Role.COORDINATOR}),
    "review.list_own": frozenset({Role.REVIEWER}),
    "review.score": frozenset({Role.REVIEWER}),
    "review.scores": frozenset({Role.COORDINATOR}),
    "review.reopen": frozenset({Role.COORDINATOR}),
}



def _is_participant(user, innovation) -> bool:
    return user.id in innovation.participant_ids()


def _may_view_proposal(user, innovation) -> bool:
    # A draft is private to its team; once submitted the lab sees it too; published ones everyone signed in.
    from innolab.pipeline.stages import Status

    if innovation.published or _is_participant(user, innovation):
        return True
    if user.has_role(Role.COORDINATOR) and innovation.status is not Status.DRAFT:
        return True
    return user.has_role(Role.REVIEWER) and _reviews_openly(user, innovation)


def _reviews_openly(user, innovation) -> bool:
    # Assigned reviewers always read the proposal through their scorecard; its own page shows the team and unit,
    # so they get it only when no round of theirs on it is blind.
    from innolab.review.access import may_open_proposal_page

    return may_open_proposal_page(user, innovation)


def _is_own_assignment(user, assignment) -> bool:
    return assignment.reviewer_id == user.id


def _may_edit_proposal(user, innovation) -> bool:
    from innolab.proposals.services import EDITABLE_STATUSES

    return _is_participant(user, innovation) and innovation.status in EDITABLE_STATUSES


# Object-level rules: (user, obj) -> bool, consulted after the role rule allows.
OBJECT_RULES: dict[str, Callable] = {
    "proposal.view": _may_view_proposal,
    "proposal.edit": _may_edit_proposal,
    "review.score": _is_own_assignment,
    "review.scores": _may_view_proposal,
}


def _roles_of(user) -> frozenset:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.roles


def can(user, action: str, obj=None) -> bool:
    """Whether `user` (None or anonymous for a visitor) may perform `action`, on `obj` if given."""
    allowed = ROLE_RULES.get(action)
    if allowed is None:
        raise KeyError(f"unknown action {action!r}")  # a typo must not silently deny or allow
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if ANYONE in allowed:
        pass
    elif SIGNED_IN in allowed:
        if not signed_in:
            return False
    elif not _roles_of(user) & allowed:
        return False
    rule = OBJECT_RULES.get(action)
    if rule is not None and obj is not None:
        return rule(user, obj)
    return True


def authorize(action: str, obj=None) -> None:
    """Abort the request unless the current user may do `action`: login first for visitors, else 403."""
    if can(current_user, action, obj):
        return
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())  # the redirect to the login page
    current_app.logger.warning(
        "forbidden: user=%s action=%s path=%s", current_user.get_id(), action, request.path
    )
    abort(403)


def requires(action: str):
    """View decorator for actions that need no object."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            authorize(action)
            return view(*args, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorator
