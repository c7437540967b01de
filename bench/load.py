"""Load benchmark: InnoLab under gunicorn on PostgreSQL with 50k innovations, driven by locust on loopback.

Run by hand from the repo root (not a test; it prints figures and never fails on a missed target):

    python bench/load.py                      # 50 000 innovations, 15 s per endpoint, 60 s mixed (~12 min)
    python bench/load.py --quick              # 2 000 innovations, short phases: a smoke run for CI (~3 min)
    python bench/load.py --database-url postgresql://… --innovations 10000 --users 24 --duration 120

Steps: a private PostgreSQL cluster (tests/servers.py) unless --database-url names an empty database; `flask db
upgrade`; units, users and the reference data through the app's models, then N innovations of bench/search.py's
generator (realistic Indonesian proposals), their stage history, replications and review assignments with COPY;
`flask search rebuild`; gunicorn with the repository's gunicorn.conf.py and 2 workers; then locust (headless, in a
subprocess, users from bench/load_locust.py):

1. one dedicated phase per endpoint (`--phase-seconds` each, `--concurrency` users firing back to back): the
   endpoint's own capacity on this machine. Throughput targets compare these: a mixed run shares the two workers
   between endpoints, so there its req/s says how the mix was weighted, not what an endpoint can do.
2. a mixed run (`--users` users with 0.2–1 s think time for `--duration`): visitors on the catalogue and
   profiles (and /healthz), signed-in searchers with facets, coordinators on the lab dashboard, innovators saving
   drafts (form page, then the save with its CSRF token), people signing in. Latency targets read this run.

Targets (the issue's): catalogue list and profile throughput ≥ 50 % of /healthz's; search p95 ≤ 150 ms; 0 errors.
Exit status 0 whatever the figures (the CI step is not gating); 1 only if the benchmark itself broke.
Locust, the server and PostgreSQL share this machine's cores: the figures are a floor, and the load average is
printed with them.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python bench/load.py` puts bench/ on sys.path, not the repository root
sys.path.insert(1, str(ROOT / "bench"))

import search as generator  # noqa: E402  (bench/search.py: the corpus of realistic proposals)
from sqlalchemy import JSON, select, text  # noqa: E402

from tests.servers import AppProcess, private_postgres  # noqa: E402

SEED = 20250601
PASSWORD = "Beban-Uji-2026!"
DOMAIN = "kota-uji.go.id"
WRITERS = 64  # innovators with a draft of their own: more than any run's concurrent writers (no edit conflicts)
PHASES = ("healthz", "catalogue", "profile", "search", "dashboard", "login", "draft_save")
# Row names in locust's results for each phase, and how the table calls them.
PHASE_ROW = {"healthz": "healthz", "catalogue": "catalogue list", "profile": "profile", "search": "search + facets",
             "dashboard": "dashboard (lab)", "login": "login", "draft_save": "draft save"}
SEARCH_P95_MS = 150
THROUGHPUT_SHARE = 0.5

KECAMATAN = ["Klojen", "Blimbing", "Lowokwaru", "Sukun", "Kedungkandang", "Sumbersari", "Tunjungsekar", "Arjosari",
             "Bandulan", "Mergosono", "Gadang", "Tlogomas", "Dinoyo", "Merjosari", "Polowijen", "Purwantoro",
             "Sawojajar", "Madyopuro", "Cemorokandang", "Buring"]
OPD = ["Dinas Kesehatan", "Dinas Pendidikan", "Dinas Perhubungan", "Dinas Sosial", "Dinas Kependudukan dan Pencatatan "
       "Sipil", "Dinas Lingkungan Hidup", "Dinas Pekerjaan Umum", "Dinas Komunikasi dan Informatika", "Dinas "
       "Koperasi dan UMKM", "Dinas Pariwisata", "Dinas Pertanian", "Badan Perencanaan Pembangunan Daerah", "Badan "
       "Pendapatan Daerah", "Satpol PP", "BPBD", "RSUD", "Dinas Perpustakaan", "Dinas Tenaga Kerja",
       "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "Bagian Organisasi"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# ------------------------------------------------------------------------------------------------------------
# Seeding
# ------------------------------------------------------------------------------------------------------------

_vocab = None


def _proposals(numbers: range) -> list[dict]:
    return [generator.proposal(_vocab, number, seed=SEED) for number in numbers]


def generate(n: int, processes: int = 2) -> list[dict]:
    """Proposals 1..n of bench/search.py's generator (deterministic), built on `processes` cores."""
    global _vocab
    _vocab = generator.build_vocabulary(SEED)
    chunks = [range(start, min(n, start + 999) + 1) for start in range(1, n + 1, 1000)]
    if processes > 1 and len(chunks) > 1:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return [p for chunk in pool.map(_proposals, chunks) for p in chunk]
    return [p for chunk in chunks for p in _proposals(chunk)]


def slugify(title: str) -> str:
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:180] or "inovasi"


def _complete(table, values: dict) -> list:
    """A row of `table` in column order: the given values, else the model's scalar or callable default, else None."""
    row = []
    for column in table.columns:
        if column.name in values:
            value = values[column.name]
        elif column.default is not None and column.default.is_scalar:
            value = column.default.arg
        elif column.default is not None and column.default.is_callable:
            value = column.default.arg(None)
        else:
            value = None
        if isinstance(column.type, JSON) and value is not None:
            value = json.dumps(value)
        elif hasattr(value, "value"):  # enums are stored as their values
            value = value.value
        row.append(value)
    return row


def copy_rows(connection, table, rows) -> int:
    names = ", ".join(f'"{column.name}"' for column in table.columns)
    count = 0
    with connection.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for values in rows:
            copy.write_row(_complete(table, values))
            count += 1
    return count


def seed(database_url: str, workdir: Path, proposals: list[dict], rng: random.Random) -> tuple[dict, dict]:
    """Units, users and reference data through the models; innovations and what hangs off them with COPY."""
    from innolab import create_app
    from innolab.auth.passwords import hash_password
    from innolab.extensions import db
    from innolab.models import (
        Assignment,
        Innovation,
        Replication,
        ReviewRound,
        StageEvent,
        Unit,
        User,
    )
    from innolab.pipeline.defaults import ensure_reference_data
    from innolab.pipeline.stages import Stage, Status
    from innolab.vocab import Initiator, ReplicationStatus, Role, UnitKind

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench-seed", "INDEX_DIR": str(workdir / "seed-index"),
        "UPLOAD_DIR": str(workdir / "uploads"), "SEARCH_CHECK_ON_START": False, "SEARCH_REPAIR_IN_BACKGROUND": False,
    })
    n = len(proposals) - WRITERS
    with app.app_context():
        ensure_reference_data()
        # The unit tree: the region (121), 20 kecamatan (101–120), 40 OPD/Puskesmas (1–40) and 60 kelurahan
        # (41–100), so the generator's unit numbers 1–120 are unit ids.
        region = Unit(id=121, name="Pemerintah Kota Uji Beban", kind=UnitKind.PEMDA, code="35.99")
        db.session.add(region)
        db.session.flush()
        for i, name in enumerate(KECAMATAN):
            db.session.add(Unit(id=101 + i, name=f"Kecamatan {name}", kind=UnitKind.KECAMATAN,
                                code=f"35.99.{i + 1:02d}", parent_id=region.id))
        db.session.flush()
        for unit_id in range(1, 101):
            if unit_id <= 40:
                kind = UnitKind.OPD if unit_id <= 20 else UnitKind.PUSKESMAS
                name = OPD[unit_id - 1] if unit_id <= 20 else f"Puskesmas {KECAMATAN[unit_id - 21]}"
                parent = region.id
            else:
                parent = 101 + (unit_id - 41) % 20
                kind, name = UnitKind.KELURAHAN, f"Kelurahan {KECAMATAN[(unit_id - 41) % 20]} {(unit_id - 41) // 20 + 1}"
            db.session.add(Unit(id=unit_id, name=name, kind=kind, code=f"BEBAN-{unit_id:03d}", parent_id=parent))
        db.session.flush()

        password_hash = hash_password(PASSWORD)  # one real hash: sign-in still verifies it the slow, real way
        users: dict[str, list[User]] = {}

        def account(group: str, email: str, name: str, unit_id: int, *roles: Role) -> User:
            user = User(email=f"{email}@{DOMAIN}", name=name, unit_id=unit_id, password_hash=password_hash,
                        roles=roles)
            db.session.add(user)
            users.setdefault(group, []).append(user)
            return user

        for unit_id in range(1, 121):
            account("owners", f"inovator{unit_id}", f"Inovator Unit {unit_id}", unit_id, Role.INNOVATOR)
        for i in range(4):
            account("coordinators", f"koordinator{i}", f"Koordinator Lab {i}", region.id, Role.COORDINATOR)
        for i in range(8):
            account("viewers", f"pimpinan{i}", f"Camat {KECAMATAN[i]}", 101 + i, Role.VIEWER)
        for i in range(20):
            account("reviewers", f"penilai{i}", f"Penilai {i}", 1 + i, Role.REVIEWER)
        for i in range(16):
            account("signins", f"masuk{i}", f"Pegawai Masuk {i}", 41 + i, Role.VIEWER)
        for i in range(WRITERS):
            account("writers", f"penulis{i}", f"Penulis Draf {i}", 1 + i % 100, Role.INNOVATOR)
        account("admins", "admin", "Admin Beban", region.id, Role.ADMIN)
        db.session.commit()
        owners = {user.unit_id: user.id for user in users["owners"]}
        reviewers = [user.id for user in users["reviewers"]]

        now = datetime.now(UTC)
        stages, statuses = {s.value: s for s in Stage}, {s.value: s for s in Status}
        innovations, events, replications, rounds, assignments = [], [], [], [], []
        for p in proposals:
            number = p["number"]
            writer = users["writers"][number - n - 1] if number > n else None
            created = datetime.fromtimestamp(p["created"], UTC)
            updated = min(created + timedelta(days=rng.randint(0, 200)), now - timedelta(days=1))
            stage, status = stages[p["stage"]], statuses[p["status"]]
            if writer is not None:
                stage, status = Stage.IDEATION, Status.DRAFT
            published = p["published"] and writer is None and status is not Status.DRAFT
            sections = p["sections"]
            innovations.append({
                "id": number, "slug": f"{slugify(p['title'])}-{number}", "title": p["title"][:200],
                "summary": p["summary"], **sections, "innovation_type": p["itype"] or None, "form": p["form"] or None,
                "initiator": rng.choice(list(Initiator)).value, "affair": p["affair"], "sdgs": [],
                "tags": p["topic"][:3], "unit_id": writer.unit_id if writer else p["unit"],
                "owner_id": writer.id if writer else owners[p["unit"]], "stage": stage.value,
                "status": status.value, "started_on": date(p["year"], created.month, min(created.day, 28)),
                "replicable": p["replicable"], "published": published, "version_id": p["version"],
                "created_at": created, "updated_at": updated,
            })
            actor = owners.get(p["unit"])
            events.append({"innovation_id": number, "actor_id": actor, "to_stage": Stage.IDEATION.value,
                           "to_status": Status.DRAFT.value, "reason": "Draf dibuat.", "created_at": created})
            if status is not Status.DRAFT:
                events.append({"innovation_id": number, "actor_id": actor, "from_stage": stage.value,
                               "from_status": Status.DRAFT.value, "to_stage": stage.value,
                               "to_status": Status.SUBMITTED.value, "created_at": created + timedelta(days=1)})
                events.append({"innovation_id": number, "actor_id": users["coordinators"][0].id,
                               "from_stage": stage.value, "from_status": Status.SUBMITTED.value,
                               "to_stage": stage.value, "to_status": status.value, "reason": "Keputusan lab.",
                               "created_at": updated})
            if published and p["replicable"] and p["replications"]:
                for _ in range(min(10, p["replications"])):
                    adopting = rng.choice([u for u in range(1, 121) if u != p["unit"]])
                    replications.append({
                        "id": len(replications) + 1, "source_innovation_id": number, "adopting_unit_id": adopting,
                        "contact": "Sekretariat", "plan": "Replikasi bertahap.",
                        "status": rng.choice(list(ReplicationStatus)).value, "created_at": updated,
                        "updated_at": updated})
            if status is Status.IN_REVIEW:
                round_id = len(rounds) + 1
                rounds.append({"id": round_id, "innovation_id": number, "stage": stage.value, "number": 1,
                               "opened_at": updated})
                for reviewer in rng.sample(reviewers, 2):
                    assignments.append({"id": len(assignments) + 1, "round_id": round_id, "reviewer_id": reviewer,
                                        "due_on": (now + timedelta(days=rng.randint(-10, 20))).date(),
                                        "created_at": updated})
        for event_id, event in enumerate(events, start=1):
            event["id"] = event_id
        raw = db.engine.raw_connection()
        try:
            connection = raw.driver_connection
            counts = {
                "innovations": copy_rows(connection, Innovation.__table__, innovations),
                "stage events": copy_rows(connection, StageEvent.__table__, events),
                "replications": copy_rows(connection, Replication.__table__, replications),
                "review rounds": copy_rows(connection, ReviewRound.__table__, rounds),
                "assignments": copy_rows(connection, Assignment.__table__, assignments),
            }
            raw.commit()
        finally:
            raw.close()
        for table in ("innovation", "stage_event", "replication", "review_round", "assignment", "unit", "user"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                    f"(SELECT max(id) FROM \"{table}\"))"))
        db.session.commit()
        # As a database that has lived a while: statistics, and the visibility map index-only scans rely on.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        published_ids = list(db.session.scalars(select(Innovation.id).where(Innovation.published.is_(True))))
        plan = {
            "password": PASSWORD,
            "coordinators": [u.email for u in users["coordinators"]],
            "viewers": [u.email for u in users["viewers"]],
            "login_accounts": [u.email for u in users["signins"]],
            "writers": [_writer(u, innovations[n + i]) for i, u in enumerate(users["writers"])],
            "published_ids": random.Random(SEED).sample(published_ids, min(3000, len(published_ids))),
        }
        db.engine.dispose()
    return counts, plan


def _writer(user, row: dict) -> dict:
    fields = {name: row.get(name) or "" for name in ("title", "summary", "background", "goals", "novelty",
                                                     "beneficiaries", "innovation_type", "form", "affair")}
    fields["tags"] = ", ".join(row["tags"])
    return {"email": user.email, "draft_id": row["id"], "fields": fields}


def facet_choices(proposals: list[dict]) -> dict[str, list[str]]:
    """Facet values the workload picks from: every stage, the common affairs, units, kecamatan, years."""
    affairs = sorted({p["affair"] for p in proposals})
    return {"stage": sorted({p["stage"] for p in proposals}), "affair": affairs,
            "unit": [str(u) for u in range(1, 101)], "kecamatan": [str(u) for u in range(101, 121)],
            "year": [str(y) for y in range(2018, 2027)], "replicable": ["1"]}


# ------------------------------------------------------------------------------------------------------------
# Running locust
# ------------------------------------------------------------------------------------------------------------


def run_locust(server: AppProcess, workdir: Path, plan_path: Path, phase: str, users: int, seconds: float) -> dict:
    result = workdir / f"result-{phase}.json"
    env = {**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_PHASE": phase, "LOAD_RESULT": str(result)}
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load_locust.py"), "--headless",
               "--host", server.base_url, "-u", str(users), "-r", str(users), "-t", f"{max(1, round(seconds))}s",
               "--stop-timeout", "10", "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=seconds + 120)
    if completed.returncode != 0 or not result.exists():
        raise RuntimeError(f"locust ({phase}) failed with {completed.returncode}:\n{completed.stderr[-3000:]}")
    return json.loads(result.read_text())


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = p / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def rows_of(result: dict, names=None) -> list[dict]:
    rows = []
    for name, times in sorted(result["times"].items()):
        if name.startswith("setup: ") or (names and name not in names):
            continue
        rows.append({"name": name, "requests": len(times), "rps": len(times) / max(result["seconds"], 1e-9),
                     "p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
                     "errors": result["errors"].get(name, 0)})
    return rows


def table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print(f"  {'endpoint':<18} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for r in rows:
        print(f"  {r['name']:<18} {r['requests']:>9} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['p99']:>8.1f} {r['errors']:>7}")


def warm_up(server: AppProcess, plan: dict, facets: dict, queries: list[str]) -> None:
    """A few requests of every kind first, so each worker has opened its index and database connection."""
    browser = server.browser()
    for _ in range(6):
        browser.get("/healthz")
        browser.get("/catalogue")
        browser.get(f"/catalogue/{random.choice(plan['published_ids'])}")
    browser.sign_in(plan["coordinators"][0], PASSWORD)
    for query in queries[:10]:
        browser.get("/search", params={"q": query, "stage": random.choice(facets["stage"])})
    browser.get("/dashboard/lab")


# ------------------------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--innovations", type=int, default=50_000)
    parser.add_argument("--duration", type=float, default=60, help="seconds of the mixed run")
    parser.add_argument("--users", type=int, default=8, help="users of the mixed run")
    parser.add_argument("--phase-seconds", type=float, default=15, help="seconds of each endpoint's own phase")
    parser.add_argument("--concurrency", type=int, default=8, help="users of each endpoint's own phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a private cluster)")
    parser.add_argument("--quick", action="store_true", help="2 000 innovations and short phases (CI smoke run)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, results) afterwards")
    args = parser.parse_args(argv)
    if args.quick:
        args.innovations = min(args.innovations, 2000)
        args.duration = min(args.duration, 20)
        args.phase_seconds = min(args.phase_seconds, 5)
    return args


@contextmanager
def database(args, stack: ExitStack):
    if args.database_url:
        yield args.database_url
        return
    server = stack.enter_context(private_postgres())
    yield server.create_database("innolab_load")


def main(argv=None) -> int:
    args = parse_args(argv)
    # Stopped from outside (kill, a CI timeout; a background job ignores SIGINT): unwind, so that gunicorn and the
    # private PostgreSQL cluster are stopped and the work folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    workdir = Path(tempfile.mkdtemp(prefix="innolab-load-"))
    began = time.monotonic()
    timings = {}
    try:
        with ExitStack() as stack, database(args, stack) as url:
            from innolab.config import normalise_database_url

            url = normalise_database_url(url)
            env = {"INNOLAB_DATABASE_URL": url, "INNOLAB_RATELIMIT_LOGIN": "1000000 per minute",
                   "INNOLAB_LOG_LEVEL": "WARNING"}
            server = AppProcess(workdir, env, workers=args.workers)
            log(f"PostgreSQL ready; migrating ({workdir})")
            server.flask("db", "upgrade")

            started = time.monotonic()
            log(f"generating {args.innovations} proposals (+{WRITERS} drafts to edit) with bench/search.py's corpus")
            proposals = generate(args.innovations + WRITERS)
            timings["generate"] = time.monotonic() - started
            started = time.monotonic()
            counts, plan = seed(url, workdir, proposals, random.Random(SEED))
            timings["seed (COPY)"] = time.monotonic() - started
            log("seeded " + ", ".join(f"{n} {what}" for what, n in counts.items())
                + f" in {timings['seed (COPY)']:.1f} s")
            plan["facets"] = facet_choices(proposals)
            plan["queries"] = generator.queries(_vocab, 400, SEED)
            plan_path = workdir / "plan.json"
            plan_path.write_text(json.dumps(plan))
            del proposals

            started = time.monotonic()
            log("building the search index: flask search rebuild")
            server.flask("search", "rebuild")
            timings["search rebuild"] = time.monotonic() - started
            log(f"index built in {timings['search rebuild']:.1f} s")

            server.start(timeout=120)
            stack.callback(server.stop)
            log(f"gunicorn up on {server.base_url} with {args.workers} workers; warming up")
            warm_up(server, plan, plan["facets"], plan["queries"])

            dedicated = {}
            for phase in PHASES:
                log(f"phase {phase}: {args.concurrency} users for {args.phase_seconds:.0f} s")
                result = run_locust(server, workdir, plan_path, phase, args.concurrency, args.phase_seconds)
                dedicated[phase] = rows_of(result, {PHASE_ROW[phase]})
            log(f"mixed run: {args.users} users for {args.duration:.0f} s (load average {load_average()})")
            mixed = run_locust(server, workdir, plan_path, "mixed", args.users, args.duration)
            timings["total"] = time.monotonic() - began
            alive = server.process.poll() is None
            report(args, dedicated, mixed, timings, counts, alive)
            if not alive:
                print(server.log()[-3000:])
                return 1
    except Exception as exc:  # the benchmark broke (not a missed target): say why, exit non-zero
        log(f"benchmark failed: {exc!r}")
        import traceback

        traceback.print_exc()
        for log_file in workdir.glob("gunicorn-*.log"):
            print(f"--- {log_file.name} (tail)\n{log_file.read_text(errors='replace')[-3000:]}")
        return 1
    finally:
        if args.keep:
            log(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def report(args, dedicated: dict, mixed: dict, timings: dict, counts: dict, alive: bool) -> None:
    print("\n" + "=" * 100)
    print(f"InnoLab load benchmark: {counts['innovations']} innovations on PostgreSQL, gunicorn {args.workers} sync "
          f"workers, locust on loopback")
    print(f"machine: {os.cpu_count()} cores, load average {load_average()} (locust, gunicorn and PostgreSQL share "
          "them; other work on the machine lowers every figure)")
    print("timings: " + ", ".join(f"{what} {seconds:.0f} s" for what, seconds in timings.items()))
    own = [row for phase in PHASES for row in dedicated[phase]]
    table(f"1. Each endpoint alone: {args.concurrency} users back to back for {args.phase_seconds:.0f} s each "
          "(capacity; latency here includes queueing for the 2 workers)", own)
    mixed_rows = rows_of(mixed)
    table(f"2. Mixed workload: {args.users} users, 0.2–1 s think time, {args.duration:.0f} s, /healthz in the same "
          "run", mixed_rows)
    if mixed["error_samples"]:
        print("  errors, first ones: " + "; ".join(mixed["error_samples"][:5]))

    def rps(phase):
        rows = dedicated[phase]
        return rows[0]["rps"] if rows else 0.0

    verdicts = []
    for phase in ("catalogue", "profile"):
        share = rps(phase) / rps("healthz") if rps("healthz") else 0.0
        verdicts.append((f"{PHASE_ROW[phase]} throughput >= {THROUGHPUT_SHARE:.0%} of /healthz (own phases)",
                         f"{rps(phase):.1f} vs {rps('healthz'):.1f} req/s = {share:.0%}", share >= THROUGHPUT_SHARE))
    search_rows = [r for r in mixed_rows if r["name"] == PHASE_ROW["search"]]
    search_p95 = search_rows[0]["p95"] if search_rows else float("inf")
    verdicts.append((f"search p95 <= {SEARCH_P95_MS} ms (mixed run)", f"{search_p95:.0f} ms",
                     search_p95 <= SEARCH_P95_MS))
    errors = sum(r["errors"] for r in own + mixed_rows) + sum(
        n for name, n in mixed["errors"].items() if name.startswith("setup: "))
    verdicts.append(("0 errors (every phase and the mixed run)", f"{errors} errors", errors == 0))
    verdicts.append(("server alive at the end", "yes" if alive else "NO", alive))
    print("\nTargets (not gating):")
    for label, figure, ok in verdicts:
        print(f"  {'PASS' if ok else 'MISS'}  {label}: {figure}")
    print("=" * 100)


if __name__ == "__main__":
    sys.exit(main())
