"""All models, imported here so Alembic and the app see one complete metadata."""
from innolab.models.activity import AuditLog, Comment, CommentVisibility, Notification
from innolab.models.evidence import Evidence, EvidenceRequirement
from innolab.models.history import AppendOnlyError, StageEvent
from innolab.models.innovations import Innovation, InnovationMember
from innolab.models.readiness import Answer, Assessment, Indicator, IndicatorSet
from innolab.models.replications import Replication, ReplicationUpdate
from innolab.models.reviews import Assignment, AssignmentStatus, Recommendation, Review, ReviewRound, Score
from innolab.models.rubrics import Criterion, Rubric
from innolab.models.units import Unit
from innolab.models.users import LoginSession, User, UserRole

__all__ = [
    "Answer", "Assessment", "Indicator", "IndicatorSet",  # readiness
    "AppendOnlyError", "Assignment", "AssignmentStatus", "AuditLog", "Comment", "CommentVisibility", "Criterion",
    "Evidence", "EvidenceRequirement", "Innovation", "InnovationMember", "LoginSession", "Notification",
    "Recommendation", "Replication", "ReplicationUpdate", "Review", "ReviewRound", "Rubric", "Score", "StageEvent", "Unit", "User",
    "UserRole",
]
