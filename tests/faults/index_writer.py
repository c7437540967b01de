"""A process of the three-writer test (tests/faults/test_index_writers.py), run as `python index_writer.py MODE ...`.

  setup WRITERS      create the writers' accounts and the innovation all of them edit; print its id
  write N COUNT DIR  signal DIR/ready-N, wait for DIR/go, then save COUNT new drafts through the ORM (editing some of them again
                     and the shared innovation too, as other people's saves would); print {id: title} as JSON
  check IDS_JSON     print, as JSON, which of the given {id: title} a search for the title does not find

Settings come from the environment (INNOLAB_DATABASE_URL, INNOLAB_INDEX_DIR), as for any InnoLab process.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm.exc import StaleDataError  # noqa: E402

from innolab import create_app  # noqa: E402
from innolab.auth.services import create_user  # noqa: E402
from innolab.extensions import db  # noqa: E402
from innolab.models import Innovation, Unit, User  # noqa: E402
from innolab.policy import SearchScope  # noqa: E402
from innolab.proposals import services  # noqa: E402
from innolab.search import current_service  # noqa: E402
from innolab.search.query import SearchRequest, search  # noqa: E402
from innolab.vocab import Role, UnitKind  # noqa: E402

PASSWORD = "Inovasi-Uji-2026!"
WORDS = ("sampah", "posyandu", "pasar", "sekolah", "air", "jalan", "perpustakaan", "ambulans", "nelayan", "petani",
         "arsip", "pajak", "kartu", "bus", "taman", "pelabuhan")
SHARED_TITLE = "Inovasi bersama tiga penulis"


def owner_for(name: str, code: str):
    unit = Unit(name=f"Unit {name}", kind=UnitKind.PEMDA, code=code)
    db.session.add(unit)
    db.session.flush()
    return create_user(email=f"{name}@kota-uji.go.id", name=name.title(), unit=unit, password=PASSWORD,
                       roles=(Role.INNOVATOR,))


def setup(writers: int) -> None:
    owner = owner_for("penyiap", "98.00")
    for number in range(1, writers + 1):
        owner_for(f"penulis{number}", f"98.{number:02d}")
    shared = services.create_draft(owner, {"title": SHARED_TITLE})
    db.session.commit()
    print(json.dumps({"shared": shared.id}))


def write(number: int, count: int, signals: Path) -> None:
    owner = db.session.scalar(select(User).where(User.email == f"penulis{number}@kota-uji.go.id"))
    shared_id = db.session.scalar(select(Innovation.id).where(Innovation.title == SHARED_TITLE))
    db.session.commit()  # on SQLite every transaction holds the write lock: none may stay open while we wait
    current_service().wait_for_repair()  # the start-up check is done: from here on only our saves index anything
    (signals / f"ready-{number}").touch()
    while not (signals / "go").exists():  # every writer starts at the same moment
        time.sleep(0.005)
    saved: dict[int, str] = {}
    for i in range(count):
        word = WORDS[(number * 5 + i) % len(WORDS)]
        draft = services.create_draft(owner, {"title": f"Layanan {word} penulis {number} nomor {i}"})
        db.session.commit()
        saved[draft.id] = draft.title
        if i % 3 == 2:  # someone edits an earlier draft: its old text must leave the index
            earlier = db.session.get(Innovation, min(saved))
            title = f"Perbaikan {word} penulis {number} putaran {i}"
            services.update_draft(earlier, owner, {"title": title}, earlier.version_id)
            db.session.commit()
            saved[earlier.id] = title
        edit_shared(shared_id, f"Ringkasan terakhir dari penulis {number} pada putaran {i}")
    print(json.dumps({"saved": saved, "pending": sorted(current_service().pending)}))


def edit_shared(shared_id: int, summary: str) -> None:
    """Three people saving the same proposal: the loser of a race reloads and saves again, as a person would."""
    for _attempt in range(20):
        shared = db.session.get(Innovation, shared_id)
        shared.summary = summary
        try:
            db.session.commit()
            return
        except StaleDataError:
            db.session.rollback()
    raise RuntimeError("the shared innovation could not be saved in 20 attempts")


def check(expected: dict[str, str]) -> None:
    scope = SearchScope(ids=frozenset(int(i) for i in expected))
    missing = {}
    for id_, title in expected.items():
        hits = [hit.id for hit in search(SearchRequest(q=title, per_page=100, facets=False), scope).hits]
        if int(id_) not in hits:
            missing[id_] = title
    print(json.dumps({"missing": missing}))


def main() -> None:
    mode, *args = sys.argv[1:]
    app = create_app()
    with app.app_context():
        if mode == "setup":
            setup(int(args[0]))
        elif mode == "write":
            write(int(args[0]), int(args[1]), Path(args[2]))
        elif mode == "check":
            check(json.loads(Path(args[0]).read_text()))
        else:
            raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
