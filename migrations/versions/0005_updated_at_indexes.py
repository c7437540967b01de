"""Index innovation.updated_at and replication.updated_at.

Each worker's search catch-up (innolab.search.service.SearchService.catch_up) asks every few seconds for the rows
changed in the last minute; without an index that is a scan of the whole innovation table (150 ms at 50 000
innovations on PostgreSQL, inside a search request). "My proposals" sorts on updated_at too.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f("ix_innovation_updated_at"), "innovation", ["updated_at"])
    op.create_index(op.f("ix_replication_updated_at"), "replication", ["updated_at"])


def downgrade():
    op.drop_index(op.f("ix_replication_updated_at"), table_name="replication")
    op.drop_index(op.f("ix_innovation_updated_at"), table_name="innovation")
