"""The demo innovations: which theme runs where, who owns it, how far it got, and what its profile says."""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from innolab.demo.city import City
from innolab.demo.people import Cast
from innolab.demo.texts import Facts, compose
from innolab.demo.themes import Theme, all_themes
from innolab.demo.timeline import END, History, build_history, reachable_statuses
from innolab.extensions import db
from innolab.models import Innovation, InnovationMember, StageEvent, User
from innolab.pipeline.requirements import REQUIRED_AT_SUBMIT
from innolab.pipeline.stages import STAGE_ORDER, Stage, Status
from innolab.pipeline.transitions import Move
from innolab.vocab import Initiator, InnovationType, Role, UnitKind

TEXT_FIELDS = ("summary", "background", "goals", "novelty", "implementation", "significance", "adaptability",
               "resources", "sustainability", "beneficiaries")
GROUPS = {"PKM": (UnitKind.PUSKESMAS,), "KEL": (UnitKind.KELURAHAN,), "KEC": (UnitKind.KECAMATAN,)}
STAGE_WEIGHTS = {Stage.IDEATION: 22, Stage.PROTOTYPING: 24, Stage.PILOTING: 24, Stage.SCALING: 30}
STATUS_WEIGHTS = {Status.DRAFT: 28, Status.SUBMITTED: 13, Status.IN_REVIEW: 16, Status.REVISION_REQUESTED: 14,
                  Status.ON_HOLD: 6, Status.REJECTED: 10, Status.WITHDRAWN: 8, Status.IN_PROGRESS: 34,
                  Status.ACTIVE: 62, Status.STOPPED: 16}
# The demo innovator's own proposals, in the order her Puskesmas takes up themes: one of each journey's states.
DEMO_INNOVATOR_STATES = [(Stage.SCALING, Status.ACTIVE), (Stage.PILOTING, Status.IN_REVIEW),
                         (Stage.PROTOTYPING, Status.REVISION_REQUESTED), (Stage.IDEATION, Status.DRAFT),
                         (Stage.PILOTING, Status.IN_PROGRESS), (Stage.IDEATION, Status.SUBMITTED)]
INITIATORS = {Initiator.PERANGKAT_DAERAH: 40, Initiator.ASN: 30, Initiator.KEPALA_DAERAH: 10,
              Initiator.MASYARAKAT: 12, Initiator.DPRD: 8}
TEAM_ROLES = ["Anggota", "Pengelola data", "Pendamping teknis", "Koordinator lapangan", "Sekretaris tim"]
ROMAN = ["", "", "II", "III", "IV"]


@dataclass
class Plan:
    """One demo innovation before it becomes a row."""

    theme: Theme
    unit_key: str
    owner: User
    coordinator: User
    stage: Stage | None = None
    status: Status | None = None
    history: History | None = None
    title: str = ""
    members: list[tuple[User, str]] = field(default_factory=list)
    innovation: Innovation | None = None
    rounds: list = field(default_factory=list)  # (Gate, ReviewRound, [(Assignment, Review | None)])

    def entered(self, stage: Stage):
        """When the innovation entered `stage` (None if it never did)."""
        if stage is Stage.IDEATION:
            return self.history.steps[0].at
        return next((s.at for s in self.history.steps if s.move is Move.ADVANCE and s.stage is stage), None)


def plan_innovations(rng: random.Random, city: City, cast: Cast, target: int = 320) -> list[Plan]:
    plans = [Plan(theme, key, _owner(rng, city, cast, key), _coordinator(rng, cast))
             for theme, key in _placements(rng, city, cast, all_themes(), target)]
    _assign_states(rng, plans, cast.demo[Role.INNOVATOR])
    for plan in plans:
        plan.history = build_history(rng, plan.stage, plan.status)
    _give_titles(plans, city)
    _add_members(rng, plans, city, cast)
    return plans


def _expand(city: City, theme: Theme) -> tuple[list[str], list[str]]:
    """(units that always take the theme up, units that may) for a theme's scope."""
    fixed = [key for key in theme.scope if key not in GROUPS]
    pool = [key for group in theme.scope if group in GROUPS for key in city.keys(*GROUPS[group])]
    return fixed, pool


def _placements(rng: random.Random, city: City, cast: Cast, themes: list[Theme],
                target: int) -> list[tuple[Theme, str]]:
    active = {key for key in city.units if cast.in_unit(city[key], Role.INNOVATOR)}
    chosen: dict[int, list[str]] = {}
    spare: dict[int, list[str]] = {}
    for index, theme in enumerate(themes):
        fixed, pool = _expand(city, theme)
        if theme.unit_wide:
            # Units with an innovator of their own take up unit-wide ideas more often.
            pool = sorted(pool, key=lambda key: (key != "PKM-DINOYO", rng.random() - 0.4 * (key in active)))
            take = max(0, rng.randint(4, 8) - len(fixed))
            chosen[index], spare[index] = fixed + pool[:take], pool[take:]
        else:
            count = rng.choice([1, 2, 2, 3])
            chosen[index] = [fixed[i % len(fixed)] for i in range(count)]
    growable = [index for index in spare if spare[index]]
    while sum(map(len, chosen.values())) < target and growable:
        index = rng.choice(growable)
        chosen[index].append(spare[index].pop(0))
        growable = [i for i in growable if spare[i]]
    return [(theme, key) for index, theme in enumerate(themes) for key in chosen[index]]


def _owner(rng: random.Random, city: City, cast: Cast, key: str) -> User:
    unit = city[key]
    for candidates in (
        cast.in_unit(unit, Role.INNOVATOR),
        cast.in_unit(unit.parent, Role.INNOVATOR) if unit.parent else [],
        [u for sibling in (unit.parent.children if unit.parent else []) for u in cast.in_unit(sibling, Role.INNOVATOR)],
        cast.by_role[Role.INNOVATOR],
    ):
        if candidates:
            demo = cast.demo[Role.INNOVATOR]
            return demo if demo in candidates else rng.choice(candidates)
    raise LookupError("the demo cast has no innovator")


def _coordinator(rng: random.Random, cast: Cast) -> User:
    demo = cast.demo[Role.COORDINATOR]
    others = [u for u in cast.by_role[Role.COORDINATOR] if u is not demo]
    return demo if rng.random() < 0.55 or not others else rng.choice(others)


def _assign_states(rng: random.Random, plans: list[Plan], demo_innovator: User) -> None:
    reachable = reachable_statuses()
    for plan, (stage, status) in zip([p for p in plans if p.owner is demo_innovator], DEMO_INNOVATOR_STATES, strict=False):
        plan.stage, plan.status = stage, status
    rest = [p for p in plans if p.stage is None]
    # Every state the rule book allows appears at least once; the rest follow a realistic spread.
    slots = [(stage, status) for stage in STAGE_ORDER for status in sorted(reachable[stage])]
    while len(slots) < len(rest):
        stage = rng.choices(STAGE_ORDER, weights=[STAGE_WEIGHTS[s] for s in STAGE_ORDER])[0]
        statuses = sorted(reachable[stage])
        weights = [22 if (stage, s) == (Stage.SCALING, Status.IN_PROGRESS) else STATUS_WEIGHTS.get(s, 5)
                   for s in statuses]
        slots.append((stage, rng.choices(statuses, weights=weights)[0]))
    rng.shuffle(slots)
    for plan, (stage, status) in zip(rest, slots, strict=False):
        plan.stage, plan.status = stage, status


def _give_titles(plans: list[Plan], city: City) -> None:
    """Titles name the place for unit-by-unit themes; a unit's later take on its own theme is a new version."""
    seen: dict[tuple[str, str], int] = {}
    used: set[str] = set()
    for plan in sorted(plans, key=lambda p: p.history.steps[0].at):
        theme, key = plan.theme, plan.unit_key
        version = seen[(theme.name, key)] = seen.get((theme.name, key), 0) + 1
        name = theme.name if version == 1 else (
            f"{theme.name} {version}.0" if theme.digital else f"{theme.name} Tahap {ROMAN[min(version, 4)]}")
        title = f"{name}: {theme.subtitle}"
        if city.kind(key) in (UnitKind.PUSKESMAS, UnitKind.KELURAHAN, UnitKind.KECAMATAN) or (
                not theme.unit_wide and key != theme.scope[0]):
            place = city.specs[key].place
            title += f", {place}" if " di " in theme.subtitle else f" di {place}"
        base, n = title, 1
        while title in used:
            n += 1
            title = f"{base} ({n})"
        used.add(title)
        plan.title = title


def _add_members(rng: random.Random, plans: list[Plan], city: City, cast: Cast) -> None:
    innovators = cast.by_role[Role.INNOVATOR]
    demo = cast.demo[Role.INNOVATOR]
    health = {city[k].id for k in city.keys(UnitKind.PUSKESMAS)} | {city[k].id for k in
                                                                     ("OPD-DINKES", "UPTD-RSUD", "UPTD-LABKESDA")}
    for plan in plans:
        if rng.random() < 0.35:
            unit = city[plan.unit_key]
            near = [u for u in innovators if u.unit_id in (unit.id, unit.parent_id) and u is not plan.owner]
            pool = near if len(near) >= 2 else [u for u in innovators if u is not plan.owner]
            for user in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                plan.members.append((user, rng.choice(TEAM_ROLES)))
    others = [p for p in plans if city[p.unit_key].id in health and p.owner is not demo
              and demo not in (u for u, _ in p.members)]
    for plan in rng.sample(others, min(3, len(others))):
        plan.members.append((demo, "Anggota"))


def _round_like(x: float, like: float, unit: str) -> float:
    value = float(max(1, round(x))) if float(like).is_integer() else max(0.1, round(x, 1))
    return min(value, 99.0) if unit == "%" else value


def _facts(rng: random.Random, plan: Plan, city: City, dates: dict) -> Facts:
    m, spec = plan.theme.metric, city.specs[plan.unit_key]
    before = _round_like(m.before * rng.uniform(0.85, 1.15), m.before, m.unit)
    after = _round_like(before * m.after / m.before * rng.uniform(0.88, 1.1), m.after, m.unit)
    target = _round_like(before * m.after / m.before * rng.uniform(0.95, 1.05), m.after, m.unit)
    created = plan.history.steps[0].at
    head = {UnitKind.KELURAHAN: f"Lurah {spec.name.removeprefix('Kelurahan ')}",
            UnitKind.KECAMATAN: f"Camat {spec.name.removeprefix('Kecamatan ')}"}.get(spec.kind, f"Kepala {spec.place}")
    budget = None
    if plan.stage is not Stage.IDEATION or rng.random() < 0.3:
        budget = Decimal(rng.randint(25, 450) if plan.theme.digital else rng.randint(5, 200)) * 1_000_000
    return Facts(plan.theme, spec.name, spec.place, spec.kind, head, plan.stage, before, after, target,
                 rng.randint(6, 24) if plan.stage is Stage.SCALING else rng.randint(3, 12),
                 rng.randint(15, 900) * 10, rng.randint(4, 15),
                 created.year - 1 if created.month <= 4 else created.year,
                 budget, dates["started_on"], dates["trial_on"], dates["applied_on"], rng.uniform(79, 93))


def _dates(rng: random.Random, plan: Plan) -> dict:
    dates = {}
    for name, stage in (("started_on", Stage.PROTOTYPING), ("trial_on", Stage.PILOTING),
                        ("applied_on", Stage.SCALING)):
        entered = plan.entered(stage)
        dates[name] = min((entered + timedelta(days=rng.randint(1, 14))).date(), END.date()) if entered else None
    return dates


def _kept_fields(rng: random.Random, plan: Plan) -> set[str]:
    """Sections written so far: what each passed gate required, and part of what the next one asks."""
    def required(stage):
        return {f for f in REQUIRED_AT_SUBMIT[stage] if f in TEXT_FIELDS}

    stage = plan.stage
    if stage is Stage.SCALING:
        return set(TEXT_FIELDS)
    if any(s.move is Move.SUBMIT and s.stage is stage for s in plan.history.steps):
        kept = required(stage)
    else:
        kept = required(STAGE_ORDER[STAGE_ORDER.index(stage) - 1]) if stage is not Stage.IDEATION else set()
        kept |= {f for f in required(stage) - kept if rng.random() < (0.85 if f == "summary" else 0.55)}
    optional = {Stage.PROTOTYPING: {"significance": 0.5, "adaptability": 0.3}, Stage.PILOTING: {"sustainability": 0.5}}
    kept |= {f for f, p in optional.get(stage, {}).items() if rng.random() < p}
    return kept


def _published(rng: random.Random, stage: Stage, status: Status) -> tuple[bool, bool]:
    if stage is Stage.SCALING:
        return True, status is not Status.STOPPED and rng.random() < 0.9
    if stage is Stage.PILOTING and status not in (Status.REJECTED, Status.WITHDRAWN):
        published = rng.random() < (0.4 if status is Status.ON_HOLD else 0.8)
        return published, published and rng.random() < 0.75
    return False, False


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:180] or "inovasi"


def create_innovations(rng: random.Random, plans: list[Plan], city: City) -> None:
    """Add the innovations, their teams and their stage histories; flushes."""
    taken = set(db.session.scalars(select(Innovation.slug)))
    for plan in plans:
        dates = _dates(rng, plan)
        facts = _facts(rng, plan, city, dates)
        texts = compose(rng, facts)
        kept = _kept_fields(rng, plan)
        published, replicable = _published(rng, plan.stage, plan.status)
        slug, n = _slug(plan.title), 1
        while slug in taken:
            n += 1
            slug = f"{_slug(plan.title)}-{n}"
        taken.add(slug)
        steps = plan.history.steps
        tags = list(plan.theme.tags) + (["digital"] if plan.theme.digital else [])
        plan.innovation = Innovation(
            slug=slug, title=plan.title, **{f: texts[f] if f in kept else "" for f in TEXT_FIELDS},
            innovation_type=InnovationType.DIGITAL if plan.theme.digital else InnovationType.NON_DIGITAL,
            form=plan.theme.form, initiator=rng.choices(list(INITIATORS), weights=list(INITIATORS.values()))[0],
            affair=plan.theme.affair, sdgs=list(plan.theme.sdgs), tags=tags, unit=city[plan.unit_key],
            owner=plan.owner, stage=plan.stage, status=plan.status, budget=facts.budget,
            replicable=replicable, published=published, created_at=steps[0].at, updated_at=steps[-1].at, **dates,
            members=[InnovationMember(user=user, role_in_team=role) for user, role in plan.members],
        )
        db.session.add(plan.innovation)
    db.session.flush()
    for plan in plans:
        for step in plan.history.steps:
            actor = plan.owner if step.by_owner else plan.coordinator
            db.session.add(StageEvent(
                innovation_id=plan.innovation.id, actor_id=actor.id, from_stage=step.from_stage,
                from_status=step.from_status, to_stage=step.stage, to_status=step.status, reason=step.reason,
                created_at=step.at,
            ))
    db.session.flush()
