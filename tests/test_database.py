"""Engine settings: two requests that write at the same moment both succeed, on SQLite as on PostgreSQL."""
from __future__ import annotations

import threading

from innolab.extensions import db
from innolab.models import User


def test_a_request_that_read_first_waits_its_turn_to_write_instead_of_failing(app, make_user):
    # Every request reads before it writes (the signed-in user first). On SQLite a transaction that only reads
    # holds a snapshot; once another request commits, upgrading it to a writer fails at once with "database is
    # locked", whatever the busy timeout. The browser journeys met this as a random error page.
    first_id, second_id = make_user().id, make_user().id
    db.session.commit()  # the test's own session takes no part in the two requests
    other_done, errors = threading.Event(), []

    def other_request() -> None:
        with app.app_context():
            try:
                db.session.get(User, second_id).name = "Ditulis Permintaan Kedua"
                db.session.commit()
            except Exception as exc:  # noqa: BLE001  (reported by the assertion below, not lost in the thread)
                errors.append(exc)
            finally:
                db.session.remove()
                other_done.set()

    with app.app_context():  # a request of its own, with its own session
        db.session.get(User, first_id)  # this request reads first…
        other = threading.Thread(target=other_request)
        other.start()
        other_done.wait(timeout=0.5)  # …another writes and commits meanwhile, or waits for this one to finish
        db.session.get(User, first_id).name = "Ditulis Permintaan Pertama"
        db.session.commit()
        db.session.remove()
    other.join(timeout=10)

    assert errors == []
    db.session.expire_all()
    assert db.session.get(User, first_id).name == "Ditulis Permintaan Pertama"
    assert db.session.get(User, second_id).name == "Ditulis Permintaan Kedua"
