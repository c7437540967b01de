"""Demo data: a realistic kota for trying InnoLab.

DEMO_ACCOUNTS is a stable contract: the README, `seed-demo`'s printout and the end-to-end tests rely on it.
"""
from innolab.vocab import Role

DEMO_PASSWORD = "Demo-InnoLab-2026"

# One login per role, (role, e-mail, display name).
DEMO_ACCOUNTS: list[tuple[Role, str, str]] = [
    (Role.ADMIN, "admin@demo.innolab.id", "Admin Platform"),
    (Role.COORDINATOR, "koordinator@demo.innolab.id", "Rina Wulandari (Koordinator)"),
    (Role.REVIEWER, "penilai@demo.innolab.id", "Dr. Hendra Saputra (Penilai)"),
    (Role.INNOVATOR, "inovator@demo.innolab.id", "Siti Rahmawati (Inovator)"),
    (Role.VIEWER, "lurah@demo.innolab.id", "Agus Santoso (Lurah)"),
]
