"""Routes of the lab blueprint."""
from flask import Blueprint

bp = Blueprint("lab", __name__)
