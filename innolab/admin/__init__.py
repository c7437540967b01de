"""Administration: users, units, audit log."""
from flask import Blueprint

# Defined here, not in routes.py, so the views of each area can live in their own module.
bp = Blueprint("admin", __name__)
