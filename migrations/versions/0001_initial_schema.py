"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 04:42:06

Every table of innolab.models. Enum columns are plain VARCHARs (the models use non-native enums without CHECK
constraints: the allowed values live in Python), timestamps are timezone-aware, constraint and index names follow
innolab.extensions.NAMING_CONVENTION.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evidence_requirement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_requirement')),
    sa.UniqueConstraint('stage', 'kind', name=op.f('uq_evidence_requirement_stage_kind'))
    )

    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['unit.id'], name=op.f('fk_unit_parent_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_unit_code'))
    )
    op.create_index(op.f('ix_unit_parent_id'), 'unit', ['parent_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('nip', sa.String(length=18), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('notify_digest', sa.Boolean(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_user_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email')),
    sa.UniqueConstraint('nip', name=op.f('uq_user_nip'))
    )
    op.create_index(op.f('ix_user_unit_id'), 'user', ['unit_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('ip_address', sa.String(length=45), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_log_actor_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_actor_id'), 'audit_log', ['actor_id'], unique=False)
    op.create_index(op.f('ix_audit_log_created_at'), 'audit_log', ['created_at'], unique=False)

    op.create_table('innovation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=220), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('background', sa.Text(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('novelty', sa.Text(), nullable=False),
    sa.Column('implementation', sa.Text(), nullable=False),
    sa.Column('significance', sa.Text(), nullable=False),
    sa.Column('adaptability', sa.Text(), nullable=False),
    sa.Column('resources', sa.Text(), nullable=False),
    sa.Column('sustainability', sa.Text(), nullable=False),
    sa.Column('beneficiaries', sa.Text(), nullable=False),
    sa.Column('innovation_type', sa.String(length=24), nullable=True),
    sa.Column('form', sa.String(length=24), nullable=True),
    sa.Column('initiator', sa.String(length=24), nullable=True),
    sa.Column('affair', sa.String(length=40), nullable=True),
    sa.Column('sdgs', sa.JSON(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('trial_on', sa.Date(), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('budget', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('replicable', sa.Boolean(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('external_ref', sa.String(length=100), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_innovation_owner_id_user'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_innovation_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_innovation')),
    sa.UniqueConstraint('external_ref', name=op.f('uq_innovation_external_ref')),
    sa.UniqueConstraint('slug', name=op.f('uq_innovation_slug'))
    )
    op.create_index(op.f('ix_innovation_affair'), 'innovation', ['affair'], unique=False)
    op.create_index(op.f('ix_innovation_owner_id'), 'innovation', ['owner_id'], unique=False)
    op.create_index(op.f('ix_innovation_published'), 'innovation', ['published'], unique=False)
    op.create_index(op.f('ix_innovation_stage'), 'innovation', ['stage'], unique=False)
    op.create_index(op.f('ix_innovation_status'), 'innovation', ['status'], unique=False)
    op.create_index(op.f('ix_innovation_unit_id'), 'innovation', ['unit_id'], unique=False)

    op.create_table('login_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_agent', sa.String(length=300), nullable=True),
    sa.Column('ip_address', sa.String(length=45), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_login_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_login_session_token_hash'))
    )
    op.create_index(op.f('ix_login_session_user_id'), 'login_session', ['user_id'], unique=False)

    op.create_table('rubric',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_rubric_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric')),
    sa.UniqueConstraint('stage', 'version', name=op.f('uq_rubric_stage_version'))
    )

    op.create_table('user_role',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_role_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_role'))
    )

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('innovation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('released', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_comment_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovation.id'], name=op.f('fk_comment_innovation_id_innovation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    op.create_index(op.f('ix_comment_innovation_id'), 'comment', ['innovation_id'], unique=False)

    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rubric_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('scale', sa.Integer(), nullable=False),
    sa.Column('level_descriptors', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['rubric_id'], ['rubric.id'], name=op.f('fk_criterion_rubric_id_rubric'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion'))
    )
    op.create_index(op.f('ix_criterion_rubric_id'), 'criterion', ['rubric_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('innovation_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=True),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('link_url', sa.String(length=1000), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('mime', sa.String(length=120), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovation.id'], name=op.f('fk_evidence_innovation_id_innovation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_evidence_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    op.create_index(op.f('ix_evidence_innovation_id'), 'evidence', ['innovation_id'], unique=False)

    op.create_table('innovation_member',
    sa.Column('innovation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role_in_team', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovation.id'], name=op.f('fk_innovation_member_innovation_id_innovation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_innovation_member_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('innovation_id', 'user_id', name=op.f('pk_innovation_member'))
    )
    op.create_index(op.f('ix_innovation_member_user_id'), 'innovation_member', ['user_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('innovation_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovation.id'], name=op.f('fk_notification_innovation_id_innovation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    op.create_index(op.f('ix_notification_created_at'), 'notification', ['created_at'], unique=False)
    op.create_index(op.f('ix_notification_user_id'), 'notification', ['user_id'], unique=False)

    op.create_table('replication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_innovation_id', sa.Integer(), nullable=False),
    sa.Column('adopting_unit_id', sa.Integer(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('derived_innovation_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['adopting_unit_id'], ['unit.id'], name=op.f('fk_replication_adopting_unit_id_unit'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['derived_innovation_id'], ['innovation.id'], name=op.f('fk_replication_derived_innovation_id_innovation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['user.id'], name=op.f('fk_replication_registered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_innovation_id'], ['innovation.id'], name=op.f('fk_replication_source_innovation_id_innovation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replication'))
    )
    op.create_index(op.f('ix_replication_adopting_unit_id'), 'replication', ['adopting_unit_id'], unique=False)
    op.create_index(op.f('ix_replication_source_innovation_id'), 'replication', ['source_innovation_id'], unique=False)

    op.create_table('review_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('innovation_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovation.id'], name=op.f('fk_review_round_innovation_id_innovation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_round')),
    sa.UniqueConstraint('innovation_id', 'stage', 'number', name=op.f('uq_review_round_innovation_id_stage_number'))
    )
    op.create_index(op.f('ix_review_round_innovation_id'), 'review_round', ['innovation_id'], unique=False)

    op.create_table('stage_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('innovation_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_stage', sa.String(length=24), nullable=True),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_stage', sa.String(length=24), nullable=False),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_stage_event_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovation.id'], name=op.f('fk_stage_event_innovation_id_innovation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage_event'))
    )
    op.create_index(op.f('ix_stage_event_created_at'), 'stage_event', ['created_at'], unique=False)
    op.create_index(op.f('ix_stage_event_innovation_id'), 'stage_event', ['innovation_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user.id'], name=op.f('fk_assignment_assigned_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_assignment_reviewer_id_user'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['review_round.id'], name=op.f('fk_assignment_round_id_review_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('round_id', 'reviewer_id', name=op.f('uq_assignment_round_id_reviewer_id'))
    )
    op.create_index(op.f('ix_assignment_reviewer_id'), 'assignment', ['reviewer_id'], unique=False)
    op.create_index(op.f('ix_assignment_round_id'), 'assignment', ['round_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('rubric_id', sa.Integer(), nullable=False),
    sa.Column('recommendation', sa.String(length=24), nullable=True),
    sa.Column('overall_note', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_review_assignment_id_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rubric_id'], ['rubric.id'], name=op.f('fk_review_rubric_id_rubric'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_review_assignment_id'))
    )
    op.create_index(op.f('ix_review_rubric_id'), 'review', ['rubric_id'], unique=False)

    op.create_table('score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_score_criterion_id_criterion'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_score_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score')),
    sa.UniqueConstraint('review_id', 'criterion_id', name=op.f('uq_score_review_id_criterion_id'))
    )
    op.create_index(op.f('ix_score_review_id'), 'score', ['review_id'], unique=False)


def downgrade():
    # Indexes and constraints go with their tables; dependants first.
    op.drop_table('score')
    op.drop_table('review')
    op.drop_table('assignment')
    op.drop_table('stage_event')
    op.drop_table('review_round')
    op.drop_table('replication')
    op.drop_table('notification')
    op.drop_table('innovation_member')
    op.drop_table('evidence')
    op.drop_table('criterion')
    op.drop_table('comment')
    op.drop_table('user_role')
    op.drop_table('rubric')
    op.drop_table('login_session')
    op.drop_table('innovation')
    op.drop_table('audit_log')
    op.drop_table('user')
    op.drop_table('unit')
    op.drop_table('evidence_requirement')
