"""Routes of the evidence blueprint."""
from flask import Blueprint

bp = Blueprint("evidence", __name__)
