"""The proposal page's side panel from the catalogue: where it replicates from, and similar innovations."""
from __future__ import annotations

from innolab.extensions import db
from innolab.policy import search_scope
from innolab.proposals.panels import Panel
from innolab.replication.queries import replication_of
from innolab.search import query


def catalogue_panel(innovation, user) -> Panel:
    text = " ".join(filter(None, (innovation.title, innovation.summary, innovation.background)))
    return Panel("catalogue/_panel.html", {
        "replication": db.session.scalar(replication_of(innovation)),
        "similar": query.similar(text, search_scope(user), exclude_id=innovation.id),
        "in_catalogue": innovation.published,
    }, column="side")
