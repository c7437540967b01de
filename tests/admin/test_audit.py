"""The audit log: what record() stores, and the page that lists it newest first with an action filter."""
import re
from datetime import timedelta

from innolab import audit
from innolab.extensions import db
from innolab.models import AuditLog
from innolab.models.types import utcnow
from innolab.vocab import Role


def test_record_stores_actor_target_details_and_flushes_without_committing(app, make_user):
    actor = make_user(Role.ADMIN)
    target = make_user(Role.INNOVATOR)
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        entry = audit.record(actor, "user.update", target, roles={Role.VIEWER, Role.ADMIN}, when=utcnow().date())
    assert entry.id is not None  # flushed
    assert (entry.actor_id, entry.target_type, entry.target_id) == (actor.id, "user", target.id)
    assert entry.details["roles"] == ["admin", "viewer"] and entry.ip_address == "10.1.2.3"

    db.session.rollback()  # not committed: the caller's transaction decides
    assert db.session.get(AuditLog, entry.id) is None


def test_record_outside_a_request_has_no_address(make_user):
    entry = audit.record(None, "unit.import", created=3)
    assert entry.ip_address is None and entry.actor_id is None and entry.target_type == ""


def _seed_log(actor, count: int, action: str, start):
    for n in range(count):
        db.session.add(AuditLog(actor_id=actor.id, action=action, target_type="user", target_id=n,
                                details={"n": n}, created_at=start + timedelta(minutes=n)))


def test_audit_page_lists_newest_first_filters_by_action_and_pages(client, admin):
    start = utcnow() - timedelta(days=1)
    _seed_log(admin, 55, "user.create", start)
    _seed_log(admin, 3, "unit.delete", start + timedelta(hours=2))
    db.session.commit()

    html = client.get("/admin/audit").get_data(as_text=True)
    actions = re.findall(r'data-testid="audit-row" data-action="([^"]+)"', html)
    assert actions[:3] == ["unit.delete"] * 3 and len(actions) == 50

    html = client.get("/admin/audit?action=user.create").get_data(as_text=True)
    actions = re.findall(r'data-testid="audit-row" data-action="([^"]+)"', html)
    assert set(actions) == {"user.create"} and len(actions) == 50
    shown = re.findall(r'n:</dt>\s*<dd class="d-inline me-2">(\d+)</dd>', html)
    assert shown[:2] == ["54", "53"] and "Admin Kota" in html  # newest first, and who did it
    assert "/admin/audit?page=2&amp;action=user.create" in html

    html = client.get("/admin/audit?action=user.create&page=2").get_data(as_text=True)
    assert len(re.findall(r'data-testid="audit-row"', html)) == 5
    assert re.findall(r'n:</dt>\s*<dd class="d-inline me-2">(\d+)</dd>', html)[-1] == "0"
