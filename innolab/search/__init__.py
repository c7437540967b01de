"""Full-text search over innovations with Whoosh and an Indonesian analyzer.

The rest of the app talks to this package only: `service()` for indexing and upkeep, `query` for searching.
"""
from __future__ import annotations

from flask import Flask, current_app

from innolab.search.service import SearchService


def init_app(app: Flask) -> None:
    from innolab.extensions import db
    from innolab.search import hooks

    search = SearchService(app)
    app.extensions["innolab.search"] = search
    hooks.install(db.session.session_factory.class_)
    if app.config["SEARCH_CHECK_ON_START"]:
        search.ensure_ready(background=app.config["SEARCH_REPAIR_IN_BACKGROUND"])


def current_service() -> SearchService:
    return current_app.extensions["innolab.search"]
