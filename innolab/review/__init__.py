"""The reviewer's side: assignments, scorecards, rubrics, and the coordinator's view of the scores."""
from flask import Blueprint

bp = Blueprint("review", __name__)
