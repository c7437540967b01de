"""The demo city's people: the five demo logins first, then about fifty fictional civil servants."""
from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from innolab.auth import passwords
from innolab.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from innolab.demo.city import City
from innolab.extensions import db
from innolab.models import User
from innolab.vocab import Role

DEMO_DOMAIN = "demo.innolab.id"

# Units of the demo accounts, in the order of DEMO_ACCOUNTS.
DEMO_UNITS = {
    Role.ADMIN: ("OPD-DISKOMINFO", "L"),
    Role.COORDINATOR: ("OPD-BAPPERIDA", "P"),
    Role.REVIEWER: ("OPD-ORG", "L"),
    Role.INNOVATOR: ("PKM-DINOYO", "P"),
    Role.VIEWER: ("KEL:Sawojajar", "L"),
}

# (name, sex L/P, unit key, roles); fictional people written for the demo.
PEOPLE = [
    ("Dewi Anggraeni, S.E., M.M.", "P", "OPD-BAPPERIDA", "coordinator reviewer"),
    ("Bambang Wicaksono, S.Sos.", "L", "OPD-ORG", "coordinator"),
    ("Dr. Ir. Suryo Prabowo, M.T.", "L", "OPD-BAPPERIDA", "reviewer innovator"),
    ("Retno Handayani, S.H., M.H.", "P", "OPD-INSPEKTORAT", "reviewer innovator"),
    ("Yudi Kurniawan, S.Kom., M.Kom.", "L", "OPD-DISKOMINFO", "reviewer innovator"),
    ("dr. Lestari Puspitasari, M.Kes.", "P", "OPD-DINKES", "reviewer innovator"),
    ("Dra. Endang Sulistyowati, M.Pd.", "P", "OPD-DISDIKBUD", "reviewer"),
    ("Arif Rahman Hakim, S.STP., M.Si.", "L", "OPD-BKPSDM", "reviewer"),
    ("Nur Aini Fitriyah, S.Sos., M.AP.", "P", "OPD-DINSOS", "reviewer"),
    ("Ir. Heru Santoso, M.T.", "L", "OPD-DLH", "reviewer"),
    ("Fajar Nugroho, S.E., M.Ak.", "L", "OPD-BAPENDA", "reviewer"),
    ("Wahyu Setiawan, S.IP., M.Si.", "L", "OPD-ORG", "reviewer innovator"),
    ("Drs. Agung Prasetyo, M.Si.", "L", "KEC:Kedungkandang", "viewer"),
    ("Sri Wahyuni, S.Sos., M.Si.", "P", "KEC:Sukun", "viewer"),
    ("Ahmad Fauzi, S.STP., M.Si.", "L", "KEC:Klojen", "viewer innovator"),
    ("Rudi Hartono, S.H.", "L", "KEC:Blimbing", "viewer"),
    ("Eko Budi Santoso, S.Sos.", "L", "KEC:Lowokwaru", "viewer"),
    ("Yuliana Dewi, S.AP.", "P", "KEL:Tlogomas", "viewer innovator"),
    ("Slamet Riyadi", "L", "KEL:Bunulrejo", "viewer"),
    ("Siti Khotimah, S.E.", "P", "KEL:Ciptomulyo", "viewer"),
    ("Hadi Purnomo, S.Sos.", "L", "KEL:Kauman", "viewer innovator"),
    ("Rina Marlina, S.IP.", "P", "KEL:Merjosari", "viewer"),
    ("Joko Susilo, S.AP.", "L", "KEL:Madyopuro", "viewer innovator"),
    ("dr. Anton Wibisono, M.Kes.", "L", "OPD-DINKES", "viewer"),
    ("Drs. Sugeng Riyanto", "L", "OPD-DISPENDUKCAPIL", "viewer"),
    ("Dimas Aditya Pratama, S.Kom.", "L", "OPD-DISKOMINFO", "admin viewer"),
    ("Dian Permatasari, S.Kep., Ners", "P", "PKM-KENDALSARI", "innovator"),
    ("drg. Maya Kartikasari", "P", "PKM-JANTI", "innovator"),
    ("Andi Firmansyah, A.Md.Kep.", "L", "PKM-ARJUNO", "innovator"),
    ("Novi Indrawati, S.Tr.Keb.", "P", "PKM-ARJOWINANGUN", "innovator"),
    ("Teguh Prasetyo, S.KM.", "L", "PKM-KENDALKEREP", "innovator"),
    ("dr. Ratna Sari Dewi, Sp.PD.", "P", "UPTD-RSUD", "innovator"),
    ("Ika Wulandari, S.Si.", "P", "UPTD-LABKESDA", "innovator"),
    ("Budi Hermawan, S.Pd., M.Pd.", "L", "OPD-DISDIKBUD", "innovator"),
    ("Lilik Suryani, S.Pd.", "P", "OPD-DISDIKBUD", "innovator"),
    ("Rizky Ramadhan, S.Kom.", "L", "OPD-DISPENDUKCAPIL", "innovator"),
    ("Ayu Lestari, S.AP.", "P", "OPD-DISPENDUKCAPIL", "innovator"),
    ("Hendro Wibowo, S.T.", "L", "OPD-DPMPTSP", "innovator"),
    ("Fitri Handayani, S.Psi.", "P", "UPTD-PPA", "innovator"),
    ("Agus Salim, S.Sos.", "L", "OPD-DINSOS", "innovator"),
    ("Puji Astuti, S.Si., M.Si.", "P", "OPD-DLH", "innovator"),
    ("Sutrisno", "L", "UPTD-SAMPAH", "innovator"),
    ("Galih Saputro, S.T.", "L", "OPD-DISHUB", "innovator"),
    ("Yoga Pratama, A.Md.", "L", "UPTD-PARKIR", "innovator"),
    ("Indah Purwaningsih, S.Kom.", "P", "OPD-DISKOMINFO", "innovator"),
    ("Wulan Sari, S.E.", "P", "OPD-DISKOPINDAG", "innovator"),
    ("Ir. Sapto Nugroho", "L", "OPD-DKPP", "innovator"),
    ("Anisa Rahmawati, S.Par.", "P", "OPD-DISPORAPAR", "innovator"),
    ("Dwi Cahyono, S.IP.", "L", "OPD-DISPUSIPDA", "innovator"),
    ("Rahmat Hidayat, S.H.", "L", "OPD-SATPOLPP", "innovator"),
    ("Kurniawan Adi, S.T.", "L", "OPD-BPBD", "innovator"),
    ("Bagus Prakoso, S.T., M.T.", "L", "OPD-DPUPR", "innovator"),
    ("Eka Putri Maharani, S.T.", "P", "OPD-DISPERKIM", "innovator"),
    ("Ilham Maulana, S.E.", "L", "OPD-BAPENDA", "innovator"),
    ("Tri Wahyudi, S.Kom.", "L", "OPD-BKPSDM", "innovator"),
    ("Endah Kusumawardani, S.E.", "P", "OPD-DISNAKER", "innovator"),
    ("Prasetyo Utomo, S.Sos.", "L", "KEC:Sukun", "innovator"),
    ("Nurul Hidayah, S.AP.", "P", "KEL:Sumbersari", "innovator"),
    ("Lukman Hakim, S.Sos.", "L", "KEL:Jodipan", "innovator"),
    ("Yeni Kristanti, S.E.", "P", "OPD-DP2KB", "innovator"),
    ("Wahyu Hidayat, S.Kom.", "L", "OPD-BKAD", "innovator"),
    ("Hari Susanto, S.Sos.", "L", "UPTD-BLK", "innovator"),
    ("Mega Sulistiani, S.E.", "P", "UPTD-PASAR", "innovator"),
    ("Anang Kurniawan, S.Sos.", "L", "OPD-KESBANGPOL", "innovator"),
    ("Bayu Setyo Nugroho, S.IP.", "L", "KEC:Kedungkandang", "innovator"),
    ("Rini Astuti, S.Sos.", "P", "KEC:Blimbing", "innovator"),
    ("Fendi Kurniawan, S.AP.", "L", "KEC:Lowokwaru", "innovator"),
    ("Dedi Setiawan, S.Sos.", "L", "KEL:Buring", "innovator"),
    ("Winarti, S.E.", "P", "KEL:Lesanpuro", "innovator"),
    ("Arief Budiman, S.AP.", "L", "KEL:Bandungrejosari", "innovator"),
    ("Tutik Handayani, S.Sos.", "P", "KEL:Karangbesuki", "innovator"),
    ("Sigit Purnomo, S.IP.", "L", "KEL:Oro-oro Dowo", "innovator"),
    ("Erna Susanti, S.AP.", "P", "KEL:Samaan", "innovator"),
    ("Yusuf Effendi, S.Sos.", "L", "KEL:Polowijen", "innovator"),
    ("Dewi Sartika Putri, S.E.", "P", "KEL:Purwantoro", "innovator"),
    ("Anton Sujarwo, S.Sos.", "L", "KEL:Mojolangu", "innovator"),
    ("Ratih Kusumaningrum, S.AP.", "P", "KEL:Tunjungsekar", "innovator"),
]


@dataclass(frozen=True)
class PersonSpec:
    email: str
    name: str
    nip: str
    unit_key: str
    roles: tuple[Role, ...]


def _email_local(name: str) -> str:
    words = [w for w in name.split(",")[0].split() if not w.endswith(".")]
    words = [re.sub(r"[^a-z]", "", w.lower()) for w in words]
    return ".".join([words[0], words[-1]] if len(words) > 1 else words)


def _nip(rng: random.Random, sex: str, used: set[str]) -> str:
    """yyyymmdd of birth, yyyymm of CPNS appointment, sex digit (1 = male, 2 = female), sequence."""
    while True:
        year = rng.randint(1968, 1996)
        born = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        appointed = f"{min(year + rng.randint(23, 32), 2022)}{rng.randint(1, 12):02d}"
        nip = f"{born}{appointed}{1 if sex == 'L' else 2}{rng.randint(1, 9):03d}"
        if nip not in used:
            used.add(nip)
            return nip


def person_specs(rng: random.Random) -> list[PersonSpec]:
    used_nips: set[str] = set()
    used_emails: set[str] = set()
    specs = []
    for role, email, name in DEMO_ACCOUNTS:
        unit_key, sex = DEMO_UNITS[role]
        used_emails.add(email)
        specs.append(PersonSpec(email, name, _nip(rng, sex, used_nips), unit_key, (role,)))
    for name, sex, unit_key, roles in PEOPLE:
        local, n = _email_local(name), 1
        while f"{local}@{DEMO_DOMAIN}" in used_emails:
            n += 1
            local = f"{_email_local(name)}{n}"
        email = f"{local}@{DEMO_DOMAIN}"
        used_emails.add(email)
        specs.append(PersonSpec(email, name, _nip(rng, sex, used_nips), unit_key,
                                tuple(Role(r) for r in roles.split())))
    return specs


class Cast:
    """The demo users, grouped the ways the generators need them."""

    def __init__(self, city: City, users: list[User]):
        self.users = users
        self.demo = {role: self.by_email(email) for role, email, _ in DEMO_ACCOUNTS}
        self.by_role: dict[Role, list[User]] = defaultdict(list)
        self.by_unit: dict[int, list[User]] = defaultdict(list)  # unit id → users
        for user in users:
            for role in sorted(user.roles):
                self.by_role[role].append(user)
            self.by_unit[user.unit_id].append(user)
        self.city = city

    def by_email(self, email: str) -> User:
        return next(u for u in self.users if u.email == email)

    def in_unit(self, unit, role: Role) -> list[User]:
        return [u for u in self.by_unit[unit.id] if role in u.roles]


def ensure_users(city: City, rng: random.Random) -> tuple[Cast, int]:
    """Create every demo user missing by e-mail; the demo password is hashed once for all of them."""
    specs = person_specs(rng)
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_([s.email for s in specs])))}
    taken_nips = set(db.session.scalars(select(User.nip).where(User.nip.in_([s.nip for s in specs]))))
    password_hash = None
    users, created = [], 0
    for spec in specs:
        user = existing.get(spec.email)
        if user is None:
            password_hash = password_hash or passwords.hash_password(DEMO_PASSWORD)
            user = User(email=spec.email, name=spec.name, unit=city[spec.unit_key], password_hash=password_hash,
                        nip=None if spec.nip in taken_nips else spec.nip)
            user.roles = spec.roles
            db.session.add(user)
            created += 1
        users.append(user)
    db.session.flush()
    return Cast(city, users), created
