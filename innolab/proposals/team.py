"""The proposal's team: members with an account, added and removed by the owner. Flush, never commit."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Innovation, InnovationMember, User
from innolab.pipeline.stages import EDITABLE_STATUSES
from innolab.vocab import Role

ROLE_IN_TEAM_MAX = 100


def team_query(innovation: Innovation):
    """The members of the team with their accounts, by name."""
    return (select(InnovationMember).join(InnovationMember.user)
            .where(InnovationMember.innovation_id == innovation.id)
            .options(selectinload(InnovationMember.user)).order_by(User.name))


def find_colleague(identifier: str) -> User | None:
    """The account with this e-mail address or 18-digit NIP."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return db.session.scalar(select(User).where(func.lower(User.email) == identifier.lower()))
    return db.session.scalar(select(User).where(User.nip == identifier.replace(" ", "")))


def add_member(innovation: Innovation, actor: User, identifier: str, role_in_team: str) -> InnovationMember:
    """Add an active innovator to the team; they then see and may edit the proposal like its owner."""
    _check_open(innovation)
    role_in_team = (role_in_team or "").strip()
    if len(role_in_team) > ROLE_IN_TEAM_MAX:
        raise DomainError.on("role_in_team", _("Peran dalam tim maksimal %(n)d karakter.", n=ROLE_IN_TEAM_MAX))
    user = find_colleague(identifier)
    if user is None or not user.is_active:
        raise DomainError.on("identifier", _("Tidak ada akun aktif dengan e-mail atau NIP ini."))
    if user.id == innovation.owner_id:
        raise DomainError.on("identifier", _("Pemilik usulan sudah menjadi bagian tim."))
    if Role.INNOVATOR not in user.roles:
        raise DomainError.on("identifier", _("Akun ini tidak memiliki peran Inovator, sehingga tidak dapat "
                                             "menyunting usulan. Minta administrator menambahkan peran itu."))
    if db.session.get(InnovationMember, (innovation.id, user.id)) is not None:
        raise DomainError.on("identifier", _("%(name)s sudah menjadi anggota tim.", name=user.name))
    member = InnovationMember(innovation_id=innovation.id, user_id=user.id, role_in_team=role_in_team)
    db.session.add(member)
    db.session.flush()
    return member


def remove_member(innovation: Innovation, actor: User, user_id: int) -> User:
    """Take a member off the team; returns their account."""
    _check_open(innovation)
    member = db.session.get(InnovationMember, (innovation.id, user_id))
    if member is None:
        raise DomainError.on(None, _("Pengguna ini bukan anggota tim usulan."))
    user = member.user
    db.session.delete(member)
    db.session.flush()
    return user


def _check_open(innovation: Innovation) -> None:
    if innovation.status not in EDITABLE_STATUSES:
        raise DomainError.on(None, _("Tim hanya dapat diubah selama usulan masih dapat disunting."))
