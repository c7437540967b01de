"""Organisational units: the region's tree of OPD, kecamatan, kelurahan and so on."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innolab.extensions import db
from innolab.models.types import str_enum
from innolab.vocab import UnitKind


class Unit(db.Model):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind, 20))
    # Kemendagri region code where one exists (e.g. 35.74.01), otherwise a local code.
    code: Mapped[str] = mapped_column(String(40), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")

    def ancestors(self) -> list[Unit]:
        """Units above this one, nearest first."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def kecamatan(self) -> Unit | None:
        """The kecamatan this unit lies in, if any."""
        for node in [self, *self.ancestors()]:
            if node.kind is UnitKind.KECAMATAN:
                return node
        return None

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"
