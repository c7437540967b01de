"""Stage-gate rules as plain Python: stages, statuses, transitions, gate checks, scoring."""
from innolab.pipeline.stages import STAGE_ORDER, Stage, Status

__all__ = ["STAGE_ORDER", "Stage", "Status"]
