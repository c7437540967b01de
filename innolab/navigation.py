"""The navigation each user sees, derived from the policy so a menu never offers a forbidden page."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from innolab.policy import can


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    action: str


# Later features add their entries here; order is the order in the menu.
MAIN_MENU: list[NavItem] = [
    NavItem("main.dashboard", _l("Beranda"), "dashboard.view"),
    NavItem("proposals.mine", _l("Usulan saya"), "proposal.list_own"),
]

ADMIN_MENU: list[NavItem] = [
    NavItem("admin.users", _l("Pengguna"), "user.manage"),
    NavItem("admin.units", _l("Unit kerja"), "unit.manage"),
    NavItem("admin.audit_log", _l("Log audit"), "audit.view"),
]


def menu_for(user, items: list[NavItem]) -> list[NavItem]:
    return [item for item in items if can(user, item.action)]
