"""Idempotency keys: a retried new-proposal or evidence upload finds the row its first attempt created.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    # A unique index rather than a constraint: SQLite adds it without rebuilding the table (and so offline too).
    op.add_column("innovation", sa.Column("idempotency_key", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_innovation_owner_id_idempotency_key"), "innovation", ["owner_id", "idempotency_key"],
                    unique=True)
    op.add_column("evidence", sa.Column("idempotency_key", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_evidence_uploaded_by_id_idempotency_key"), "evidence",
                    ["uploaded_by_id", "idempotency_key"], unique=True)


def downgrade():
    op.drop_index(op.f("ix_evidence_uploaded_by_id_idempotency_key"), table_name="evidence")
    with op.batch_alter_table("evidence") as batch_op:
        batch_op.drop_column("idempotency_key")
    op.drop_index(op.f("ix_innovation_owner_id_idempotency_key"), table_name="innovation")
    with op.batch_alter_table("innovation") as batch_op:
        batch_op.drop_column("idempotency_key")
