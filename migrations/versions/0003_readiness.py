"""Readiness self-assessment for the national innovation index: indicator sets per year, assessments, answers.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "readiness_indicator_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("inovatif_from", sa.Integer(), nullable=False),
        sa.Column("sangat_above", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"],
                                name=op.f("fk_readiness_indicator_set_updated_by_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_indicator_set")),
        sa.UniqueConstraint("year", name=op.f("uq_readiness_indicator_set_year")),
    )

    op.create_table(
        "readiness_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("evidence_kinds", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["set_id"], ["readiness_indicator_set.id"],
                                name=op.f("fk_readiness_indicator_set_id_readiness_indicator_set"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_indicator")),
    )
    op.create_index(op.f("ix_readiness_indicator_set_id"), "readiness_indicator", ["set_id"])

    op.create_table(
        "readiness_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["innovation_id"], ["innovation.id"],
                                name=op.f("fk_readiness_assessment_innovation_id_innovation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["set_id"], ["readiness_indicator_set.id"],
                                name=op.f("fk_readiness_assessment_set_id_readiness_indicator_set"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"],
                                name=op.f("fk_readiness_assessment_updated_by_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_assessment")),
        sa.UniqueConstraint("innovation_id", "set_id", name=op.f("uq_readiness_assessment_innovation_id_set_id")),
    )
    op.create_index(op.f("ix_readiness_assessment_innovation_id"), "readiness_assessment", ["innovation_id"])
    op.create_index(op.f("ix_readiness_assessment_set_id"), "readiness_assessment", ["set_id"])

    op.create_table(
        "readiness_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["readiness_assessment.id"],
                                name=op.f("fk_readiness_answer_assessment_id_readiness_assessment"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["indicator_id"], ["readiness_indicator.id"],
                                name=op.f("fk_readiness_answer_indicator_id_readiness_indicator"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_answer")),
        sa.UniqueConstraint("assessment_id", "indicator_id",
                            name=op.f("uq_readiness_answer_assessment_id_indicator_id")),
    )
    op.create_index(op.f("ix_readiness_answer_assessment_id"), "readiness_answer", ["assessment_id"])
    op.create_index(op.f("ix_readiness_answer_indicator_id"), "readiness_answer", ["indicator_id"])

    op.create_table(
        "readiness_answer_evidence",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["readiness_answer.id"],
                                name=op.f("fk_readiness_answer_evidence_answer_id_readiness_answer"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"],
                                name=op.f("fk_readiness_answer_evidence_evidence_id_evidence"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("answer_id", "evidence_id", name=op.f("pk_readiness_answer_evidence")),
    )
    op.create_index(op.f("ix_readiness_answer_evidence_evidence_id"), "readiness_answer_evidence", ["evidence_id"])


def downgrade():
    op.drop_index(op.f("ix_readiness_answer_evidence_evidence_id"), table_name="readiness_answer_evidence")
    op.drop_table("readiness_answer_evidence")
    op.drop_index(op.f("ix_readiness_answer_indicator_id"), table_name="readiness_answer")
    op.drop_index(op.f("ix_readiness_answer_assessment_id"), table_name="readiness_answer")
    op.drop_table("readiness_answer")
    op.drop_index(op.f("ix_readiness_assessment_set_id"), table_name="readiness_assessment")
    op.drop_index(op.f("ix_readiness_assessment_innovation_id"), table_name="readiness_assessment")
    op.drop_table("readiness_assessment")
    op.drop_index(op.f("ix_readiness_indicator_set_id"), table_name="readiness_indicator")
    op.drop_table("readiness_indicator")
    op.drop_table("readiness_indicator_set")
