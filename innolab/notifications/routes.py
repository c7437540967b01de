"""Routes of the notifications blueprint."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)
