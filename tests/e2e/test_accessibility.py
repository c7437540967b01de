"""Accessibility: axe-core (through axe-playwright-python) finds no serious or critical violation on the key pages.

Every key page is checked in both languages: Indonesian (the default) and English, chosen with the language
selector on the login page before signing in, as a visitor would (the choice is carried into the session, so the
demo accounts' own language setting is never changed for the other journeys sharing the live server).

One test per role and language signs in once and walks that role's pages; a failure names the page, the language
and, for each violation, its rule id, impact, help text and the selectors of the offending elements.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.extensions import db
from innolab.lab.context import decision_facts
from innolab.models import Assignment, AssignmentStatus, Innovation, User
from innolab.pipeline.stages import Status
from innolab.policy import can
from innolab.vocab import Role

pytestmark = pytest.mark.e2e

BLOCKING = ("serious", "critical")
LANGUAGES = ("id", "en")
ACCOUNTS = {role: email for role, email, _ in DEMO_ACCOUNTS}
SEARCH = "sehat"  # occurs throughout the demo texts, so the results carry every facet

AXE = Axe()


@dataclass(frozen=True)
class Targets:
    """Objects of the demo city that the pages below point at, looked up when a test starts."""

    own_proposal: int  # the demo innovator's editable proposal (evidence panel, readiness)
    submitted: int  # waiting for the lab's screening
    decidable: int  # in review, a gate decision can be taken
    assignment: int  # the demo reviewer's open assignment
    published: int  # a published, replicable innovation the demo lurah's unit may replicate


@dataclass(frozen=True)
class Visit:
    name: str
    path: Callable[[Targets], str]
    act: Callable[[Page], None] | None = None  # brings the page into the state to check (e.g. errors shown)


def _show_form_errors(page: Page) -> None:
    """Save the new proposal without a title: the form comes back with the error next to the field."""
    with page.expect_navigation():
        page.locator("button[name=action][value=save]").click()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")


def _path(path: str) -> Callable[[Targets], str]:
    return lambda _targets: path


PAGES: dict[Role | None, list[Visit]] = {
    None: [
        Visit("login", _path("/login")),
        Visit("forgot password", _path("/password/forgot")),
        Visit("catalogue", _path("/catalogue")),
        Visit("innovation profile", lambda t: f"/catalogue/{t.published}"),
    ],
    Role.INNOVATOR: [
        Visit("dashboard", _path("/dashboard")),
        Visit("my proposals", _path("/proposals/")),
        Visit("new proposal with errors", _path("/proposals/new"), _show_form_errors),
        Visit("proposal page", lambda t: f"/proposals/{t.own_proposal}"),
        Visit("evidence page", lambda t: f"/proposals/{t.own_proposal}/evidence"),
        Visit("readiness self-assessment", lambda t: f"/readiness/innovations/{t.own_proposal}"),
        Visit("notifications", _path("/notifications/")),
    ],
    Role.REVIEWER: [
        Visit("dashboard", _path("/dashboard")),
        Visit("my reviews", _path("/review/")),
        Visit("review scoring form", lambda t: f"/review/assignments/{t.assignment}"),
    ],
    Role.COORDINATOR: [
        Visit("dashboard", _path("/dashboard")),
        Visit("lab queue", _path("/lab/")),
        Visit("screening", lambda t: f"/lab/{t.submitted}/screen"),
        Visit("proposal page with the lab panel", lambda t: f"/proposals/{t.decidable}"),
        Visit("decision", lambda t: f"/lab/{t.decidable}/decide"),
        Visit("reviewers' scores", lambda t: f"/review/innovations/{t.decidable}/scores"),
        Visit("lab dashboard with charts", _path("/dashboard/lab")),
        Visit("readiness (region)", _path("/readiness/")),
        Visit("import", _path("/transfer/import")),
        Visit("replications", _path("/replications/")),
    ],
    Role.VIEWER: [
        Visit("dashboard", _path("/dashboard")),
        Visit("unit dashboard", _path("/dashboard/unit")),
        Visit("search results with facets", _path(f"/search?q={SEARCH}")),
        Visit("innovation profile", lambda t: f"/catalogue/{t.published}"),
        Visit("replications", _path("/replications/")),
        Visit("register a replication", lambda t: f"/replications/new/{t.published}"),
    ],
    Role.ADMIN: [
        Visit("dashboard", _path("/dashboard")),
        Visit("users", _path("/admin/users")),
        Visit("import users", _path("/admin/users/import")),
    ],
}


def _find_targets(app) -> Targets:
    with app.app_context():
        user = {role: db.session.scalar(select(User).filter_by(email=email)) for role, email in ACCOUNTS.items()}
        editable = (Status.DRAFT, Status.IN_PROGRESS, Status.REVISION_REQUESTED)
        own = db.session.scalars(
            select(Innovation).where(Innovation.owner_id == user[Role.INNOVATOR].id, Innovation.status.in_(editable))
            .order_by(Innovation.id)
        ).first()
        submitted = db.session.scalars(
            select(Innovation.id).where(Innovation.status == Status.SUBMITTED).order_by(Innovation.id)
        ).first()
        decidable = next(
            innovation.id
            for innovation in db.session.scalars(
                select(Innovation).where(Innovation.status == Status.IN_REVIEW).order_by(Innovation.id)
            )
            if decision_facts(innovation)["moves"]
        )
        assignment = db.session.scalars(
            select(Assignment.id)
            .where(Assignment.reviewer_id == user[Role.REVIEWER].id,
                   Assignment.status == AssignmentStatus.PENDING)
            .order_by(Assignment.id)
        ).first()
        published = next(
            innovation.id
            for innovation in db.session.scalars(
                select(Innovation).where(Innovation.published.is_(True), Innovation.replicable.is_(True))
                .order_by(Innovation.id)
            )
            if can(user[Role.VIEWER], "replication.register", innovation)
        )
        found = Targets(own.id if own else None, submitted, decidable, assignment, published)
        db.session.remove()
    missing = [name for name, value in vars(found).items() if value is None]
    assert not missing, f"the demo city lacks objects for: {missing}"
    return found


def _choose_language(page: Page, lang: str) -> None:
    page.goto("/login")
    if lang != "id":
        with page.expect_navigation():
            page.locator("#lang-select").select_option(lang)  # the selector submits itself on change
    expect(page.locator("html")).to_have_attribute("lang", lang)


def _sign_in(page: Page, role: Role) -> None:
    """On the login page (left there by _choose_language), in whichever language it speaks."""
    page.locator("#email").fill(ACCOUNTS[role])
    page.locator("#password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("#submit").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def _describe(violation: dict) -> str:
    targets = "; ".join(" ".join(str(part) for part in node["target"]) for node in violation["nodes"])
    return f"    {violation['id']} ({violation['impact']}): {violation['help']}\n      at: {targets}"


def _check(page: Page, visit: Visit, targets: Targets, lang: str) -> list[str]:
    """Open the page, bring it into its state, run axe; the blocking violations found, described."""
    path = visit.path(targets)
    response = page.goto(path)
    assert response is not None and response.ok, f"{visit.name} [{lang}]: {path} answered {response and response.status}"
    if visit.act:
        visit.act(page)
    expect(page).to_have_url(re.compile(re.escape(path.split("?")[0]) + r"(\?.*)?$"))  # not sent elsewhere
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.wait_for_load_state("load")  # scripts (charts, enhancements) have run
    results = AXE.run(page)
    return [_describe(v) for v in results.response["violations"] if v["impact"] in BLOCKING]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", list(PAGES), ids=lambda role: str(role or "visitor"))
def test_key_pages_have_no_serious_or_critical_violations(page: Page, live_server, role, lang):
    targets = _find_targets(live_server.app)
    _choose_language(page, lang)
    if role is not None:
        _sign_in(page, role)
    problems = []
    for visit in PAGES[role]:
        found = _check(page, visit, targets, lang)
        if found:
            problems.append(f"  {visit.name} ({visit.path(targets)}) [{lang}]:\n" + "\n".join(found))
    if problems:
        pytest.fail("serious or critical accessibility violations:\n" + "\n".join(problems), pytrace=False)
