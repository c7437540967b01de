"""Text typed by innovators (titles, evidence) and coordinators (indicators) is shown as text on every page."""
from __future__ import annotations

from innolab.extensions import db
from innolab.vocab import Role

from .conftest import add_evidence, assess

PAYLOAD = '"><script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_readiness_pages_escape_typed_text(client, login, make_user, indicator_set, make_innovation):
    innovation = make_innovation(PAYLOAD)
    evidence = add_evidence(innovation, "sk_inovasi", PAYLOAD)
    first = indicator_set.indicators[0]
    first.name, first.description, first.levels = PAYLOAD, PAYLOAD, [PAYLOAD, PAYLOAD + "2", PAYLOAD + "3"]
    db.session.commit()
    assess(innovation, indicator_set, innovation.test_owner, levels={PAYLOAD: 1}, evidence={PAYLOAD: [evidence]})
    pages = {innovation.test_owner: [f"/readiness/innovations/{innovation.id}", f"/proposals/{innovation.id}"],
             make_user(Role.COORDINATOR): ["/readiness/", "/readiness/indicators",
                                           f"/readiness/indicators/form?id={first.id}",
                                           f"/readiness/innovations/{innovation.id}"]}
    for user, paths in pages.items():
        login(user)
        for path in paths:
            html = client.get(path).get_data(as_text=True)
            assert "<script>alert(" not in html and "<img src=x onerror" not in html, path
            assert "&lt;script&gt;" in html, path
        client.post("/logout")
