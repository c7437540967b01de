"""flask search rebuild | verify | sync."""
from __future__ import annotations

from innolab.extensions import db
from innolab.proposals import services
from innolab.search import current_service
from innolab.vocab import Role


def test_verify_reports_drift_sync_repairs_it_and_rebuild_starts_over(app, make_user):
    owner = make_user(Role.INNOVATOR)
    kept = services.create_draft(owner, {"title": "Kampung Baca"})
    lost = services.create_draft(owner, {"title": "Ambulans Desa"})
    db.session.commit()
    current_service().index.apply([], [str(lost.id)])
    runner = app.test_cli_runner()

    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1
    assert f"1 missing from the index (differ): {lost.id}" in result.output

    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "(repaired)" in result.output
    assert runner.invoke(args=["search", "verify"]).exit_code == 0

    current_service().index.destroy()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexed 2 innovations" in result.output
    assert set(current_service().index.stored_signatures()) == {str(kept.id), str(lost.id)}
