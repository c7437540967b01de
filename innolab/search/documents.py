"""The projection: turning database rows into index documents, and the signatures that show drift."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from innolab.models import Innovation, Replication, Unit
from innolab.search.schema import BODY_SECTIONS
from innolab.vocab import ReplicationStatus


def signature(version_id: int, replications: int) -> str:
    return f"{version_id}:{replications}"


def replication_counts(session: Session, ids: Iterable[int] | None = None) -> dict[int, int]:
    """Replications per innovation that are still alive (a stopped one no longer counts)."""
    query = (
        select(Replication.source_innovation_id, func.count())
        .where(Replication.status != ReplicationStatus.STOPPED)
        .group_by(Replication.source_innovation_id)
    )
    if ids is not None:
        query = query.where(Replication.source_innovation_id.in_(list(ids)))
    return dict(session.execute(query).all())


def database_signatures(session: Session) -> dict[str, str]:
    """(id → signature) of every innovation: what a correct index holds."""
    counts = replication_counts(session)
    rows = session.execute(select(Innovation.id, Innovation.version_id))
    return {str(id_): signature(version, counts.get(id_, 0)) for id_, version in rows}


def load_documents(session: Session, ids: Iterable[int] | None = None, batch: int = 500) -> Iterator[dict]:
    """Index documents for the given innovations (all when ids is None), read in batches."""
    query = select(Innovation).options(selectinload(Innovation.unit).selectinload(Unit.parent).selectinload(Unit.parent)).order_by(Innovation.id)
    id_list = None if ids is None else sorted(set(ids))
    chunks = [None] if id_list is None else [id_list[i:i + batch] for i in range(0, len(id_list), batch)]
    for chunk in chunks:
        selected = query if chunk is None else query.where(Innovation.id.in_(chunk))
        for rows in session.scalars(selected.execution_options(yield_per=batch)).partitions():
            counts = replication_counts(session, [row.id for row in rows])
            for innovation in rows:
                yield document(innovation, counts.get(innovation.id, 0))


def document(innovation: Innovation, replications: int) -> dict:
    body = "\n".join(text for name in BODY_SECTIONS if (text := getattr(innovation, name)))
    kecamatan = innovation.unit.kecamatan
    started = innovation.started_on or innovation.created_at.date()
    fields = {
        "id": str(innovation.id),
        "signature": signature(innovation.version_id, replications),
        "title": innovation.title,
        "summary": innovation.summary or "",
        "body": body,
        # Suggestions come from titles and summaries: the words people search with, at half the indexing cost.
        "spelling": f"{innovation.title}\n{innovation.summary}",
        "stage": innovation.stage.value,
        "status": innovation.status.value,
        "affair": innovation.affair or "",
        "form": innovation.form.value if innovation.form else "",
        "itype": innovation.innovation_type.value if innovation.innovation_type else "",
        "unit": str(innovation.unit_id),
        "kecamatan": str(kecamatan.id) if kecamatan else "",
        "year": str(started.year),
        "replicable": "1" if innovation.replicable else "0",
        "published": "1" if innovation.published else "0",
        "tags": ",".join(innovation.tags or []),
        "created": int(innovation.created_at.timestamp()),
        "replications": replications,
    }
    return {name: value for name, value in fields.items() if value != ""}  # Whoosh indexes "" as a term
