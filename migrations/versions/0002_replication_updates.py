"""Replication history: each status change and note of an adopting unit.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "replication_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("replication_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"], name=op.f("fk_replication_update_actor_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["replication_id"], ["replication.id"],
                                name=op.f("fk_replication_update_replication_id_replication"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replication_update")),
    )
    op.create_index(op.f("ix_replication_update_replication_id"), "replication_update", ["replication_id"])


def downgrade():
    op.drop_index(op.f("ix_replication_update_replication_id"), table_name="replication_update")
    op.drop_table("replication_update")
