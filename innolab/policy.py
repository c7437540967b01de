"""Every permission decision in one place: can(user, action, obj).

Views, the API, the CLI and tests all ask here; nothing else decides who may do what.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, g
from flask_login import current_user

from innolab.pipeline.stages import EDITABLE_STATUSES, Status
from innolab.pipeline.transitions import Move, allowed_moves
from innolab.proposals.queries import my_proposal_ids
from innolab.replication.queries import replicating_unit_ids_of, units_free_to_replicate
from innolab.replication.rules import adoptable_units, is_in_catalogue, may_be_replicated
from innolab.review.access import may_open_proposal_page, openly_reviewed_ids, reviewer_rounds
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
    "lab.view": frozenset({Role.COORDINATOR}),
    "lab.screen": frozenset({Role.COORDINATOR}),
    "lab.assign": frozenset({Role.COORDINATOR}),
    "lab.decide": frozenset({Role.COORDINATOR}),
    "lab.publish": frozenset({Role.COORDINATOR}),
    "rubric.manage": frozenset({Role.COORDINATOR}),
    "review.list_own": frozenset({Role.REVIEWER}),
    "review.score": frozenset({Role.REVIEWER}),
    "review.scores": frozenset({Role.COORDINATOR}),
    "review.reopen": frozenset({Role.COORDINATOR}),
    "comment.view": frozenset({SIGNED_IN}),
    "comment.post": frozenset({SIGNED_IN}),
    "comment.internal": frozenset({Role.REVIEWER, Role.COORDINATOR}),
    "comment.release": frozenset({Role.COORDINATOR}),
    "notification.list": frozenset({SIGNED_IN}),
    "notification.read": frozenset({SIGNED_IN}),
    "evidence.add": frozenset({Role.INNOVATOR}),
    "evidence.delete": frozenset({Role.INNOVATOR}),
    "evidence.download": frozenset({SIGNED_IN}),
    "checklist.manage": frozenset({Role.COORDINATOR}),
    "proposal.withdraw": frozenset({Role.INNOVATOR}),
    "proposal.team": frozenset({Role.INNOVATOR}),
    "dashboard.lab": frozenset({Role.COORDINATOR}),
    "dashboard.unit": frozenset({Role.VIEWER}),
    "catalogue.view": frozenset({ANYONE}),
    "search.use": frozenset({SIGNED_IN}),
    "replication.register": frozenset({Role.VIEWER}),
    "replication.list": frozenset({Role.VIEWER, Role.COORDINATOR}),
    "replication.view": frozenset({SIGNED_IN}),
    "replication.update": frozenset({SIGNED_IN}),
    "innovation.import": frozenset({Role.COORDINATOR, Role.ADMIN}),
    "innovation.export": frozenset({SIGNED_IN}),  # each exported innovation: only those the user may view
    "readiness.assess": frozenset({Role.INNOVATOR, Role.COORDINATOR}),
    "readiness.region": frozenset({Role.COORDINATOR}),
    "readiness.export": frozenset({Role.COORDINATOR}),
    "readiness.indicators": frozenset({Role.COORDINATOR}),
}


def _is_participant(user, innovation) -> bool:
    return user.id in innovation.participant_ids()


def _with_the_lab(innovation) -> bool:
    # A draft is private to its team until submitted; a published innovation is everyone's.
    return innovation.published or innovation.status is not Status.DRAFT


def _may_view_proposal(user, innovation) -> bool:
    if innovation.published or _is_participant(user, innovation):
        return True
    if user.has_role(Role.COORDINATOR) and _with_the_lab(innovation):
        return True
    return user.has_role(Role.REVIEWER) and _reviews_openly(user, innovation)


def _reviews_openly(user, innovation) -> bool:
    # Assigned reviewers always read the proposal through their scorecard; its own page shows the team and unit,
    # so they get it only when no round of theirs on it is blind.
    return may_open_proposal_page(user, innovation)


@dataclass(frozen=True)
class SearchScope:
    """_may_view_proposal in a form a search index can filter by: published, or submitted (for the lab), or one
    of the listed ids (the user's own proposals and those they review openly)."""

    submitted: bool = False
    ids: frozenset[int] = frozenset()


def search_scope(user) -> SearchScope:
    if user is None or not getattr(user, "is_authenticated", False):
        return SearchScope()
    ids = my_proposal_ids(user)
    if user.has_role(Role.REVIEWER):
        ids |= openly_reviewed_ids(user)
    return SearchScope(submitted=user.has_role(Role.COORDINATOR), ids=frozenset(ids))


def _is_own_assignment(user, assignment) -> bool:
    return assignment.reviewer_id == user.id


def _may_edit_proposal(user, innovation) -> bool:
    return _is_participant(user, innovation) and innovation.status in EDITABLE_STATUSES


def _may_steer_proposal(user, innovation) -> bool:
    # The lab acts on what it may see (no one's private draft), and never on a proposal of its own team.
    return _with_the_lab(innovation) and not _is_participant(user, innovation)


def _reads_internal_notes(user, innovation) -> bool:
    # Internal notes belong to the lab: coordinators of a proposal they may see, and its assigned reviewers.
    if _is_participant(user, innovation):
        return False  # never the team's own members, even one who is also a coordinator
    if user.has_role(Role.COORDINATOR) and _with_the_lab(innovation):
        return True
    return user.has_role(Role.REVIEWER) and bool(reviewer_rounds(user, innovation))


def _joins_discussion(user, innovation) -> bool:
    return _is_participant(user, innovation) or _reads_internal_notes(user, innovation)


def _is_own_notification(user, notification) -> bool:
    return notification.user_id == user.id


def _may_download_evidence(user, evidence) -> bool:
    # Whoever may see the proposal, and its assigned reviewers even in a blind round: they score on the evidence.
    innovation = evidence.innovation
    if _may_view_proposal(user, innovation):
        return True
    return user.has_role(Role.REVIEWER) and bool(reviewer_rounds(user, innovation))


def _may_change_evidence(user, evidence) -> bool:
    return _may_edit_proposal(user, evidence.innovation)


def _may_withdraw(user, innovation) -> bool:
    # Only the owner takes the proposal back, and only while the pipeline still allows it.
    return user.id == innovation.owner_id and Move.WITHDRAW in allowed_moves(innovation.stage, innovation.status)


def _may_manage_team(user, innovation) -> bool:
    return user.id == innovation.owner_id and innovation.status in EDITABLE_STATUSES


def _in_catalogue(user, innovation) -> bool:
    return is_in_catalogue(innovation)


def _speaks_for(user, unit) -> bool:
    """A unit head speaks for their unit and the units below it (a camat for its kelurahan)."""
    return user.unit_id == unit.id or any(ancestor.id == user.unit_id for ancestor in unit.ancestors())


def _may_replicate(user, innovation) -> bool:
    # Only while some unit the user speaks for is not the owner and does not replicate it already.
    return may_be_replicated(innovation) and bool(units_free_to_replicate(user, innovation))


def replicable_ids(user, innovations) -> set[int]:
    """Ids of the `innovations` for which can(user, "replication.register", …) holds, decided for a whole list in
    two queries (asking can() row by row costs two queries a row)."""
    candidates = [innovation for innovation in innovations if may_be_replicated(innovation)]
    if not candidates or not can(user, "replication.register"):
        return set()
    speaks_for = {unit.id for unit in adoptable_units(user)}
    taken = replicating_unit_ids_of([innovation.id for innovation in candidates])
    return {innovation.id for innovation in candidates if speaks_for - taken[innovation.id] - {innovation.unit_id}}


def _may_update_replication(user, replication) -> bool:
    if replication.registered_by_id == user.id:
        return True
    return user.has_role(Role.VIEWER) and _speaks_for(user, replication.adopting_unit)


def _may_view_replication(user, replication) -> bool:
    return (user.has_role(Role.COORDINATOR) or _may_update_replication(user, replication)
            or _is_participant(user, replication.source))


def _may_assess_readiness(user, innovation) -> bool:
    # The innovation's own team, and the lab on what it may see (no one's private draft).
    return _is_participant(user, innovation) or (user.has_role(Role.COORDINATOR) and _with_the_lab(innovation))


# Object-level rules: (user, obj) -> bool, consulted after the role rule allows.
OBJECT_RULES: dict[str, Callable] = {
    "lab.screen": _may_steer_proposal,
    "lab.assign": _may_steer_proposal,
    "lab.decide": _may_steer_proposal,
    "lab.publish": _may_steer_proposal,
    "proposal.view": _may_view_proposal,
    "proposal.edit": _may_edit_proposal,
    "review.score": _is_own_assignment,
    "review.scores": _may_view_proposal,
    "comment.view": _joins_discussion,
    "comment.post": _joins_discussion,
    "comment.internal": _reads_internal_notes,
    "comment.release": _reads_internal_notes,
    "notification.read": _is_own_notification,
    "evidence.add": _may_edit_proposal,
    "evidence.delete": _may_change_evidence,
    "evidence.download": _may_download_evidence,
    "proposal.withdraw": _may_withdraw,
    "proposal.team": _may_manage_team,
    "catalogue.view": _in_catalogue,
    "replication.register": _may_replicate,
    "replication.view": _may_view_replication,
    "replication.update": _may_update_replication,
    "innovation.export": _may_view_proposal,
    "readiness.assess": _may_assess_readiness,
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
    g.forbidden_action = action  # the 403 handler (innolab/errors.py) logs it with the user, address and path
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
