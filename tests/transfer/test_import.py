"""Importing innovations from CSV and XLSX: what a lab's spreadsheet may say, and what the import makes of it."""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import AuditLog, Innovation, StageEvent
from innolab.pipeline.stages import Stage, Status
from innolab.search import current_service, query
from innolab.search.query import SearchRequest
from innolab.transfer.services import import_innovations
from innolab.vocab import InnovationForm, InnovationType
from tests.transfer.conftest import count, csv_bytes, xlsx_bytes

FULL_HEADER = ["external_ref", "title", "summary", "innovation_type", "form", "initiator", "affair", "sdgs", "tags",
               "unit_code", "stage", "status", "started_on", "trial_on", "applied_on", "budget", "published",
               "replicable"]


def _by_ref(ref: str) -> Innovation:
    db.session.expire_all()
    return db.session.scalar(select(Innovation).where(Innovation.external_ref == ref))


def test_a_lab_spreadsheet_becomes_innovations_owned_by_the_importer(coordinator, units):
    data = csv_bytes(FULL_HEADER, [
        ["LAB-001", "Antar Jemput Akta Kelahiran", "Akta diantar ke rumah warga.", "Non-digital",
         "Inovasi pelayanan publik", "ASN", "Administrasi Kependudukan dan Pencatatan Sipil", "16, 10", "akta, adminduk",
         "OPD-DUKCAPIL", "Penerapan & Replikasi", "Berlanjut", "2021-03-01", "05/07/2021", "1/2/2022",
         "1.500.000,50", "ya", "Ya"],
        ["LAB-002", "Posyandu Digital", "", "digital", "pelayanan_publik", "", "KESEHATAN", "SDG 3", "",
         "PKM-SUKUN", "piloting", "", "", "", "", "250000", "tidak", "0"],
        ["", "Ide Bank Sampah Kelurahan", "", "", "", "", "lingkungan_hidup", "", "", "PKM-SUKUN", "ideation",
         "", "", "", "", "", "false", "no"],
    ], delimiter=";")

    report = import_innovations(coordinator, data, "daftar-lab.csv")
    db.session.commit()

    assert (report.created, report.updated, report.unchanged, report.rejected) == (3, 0, 0, 0)
    akta = _by_ref("LAB-001")
    assert akta.owner_id == coordinator.id and akta.unit_id == units["dukcapil"].id
    assert akta.innovation_type is InnovationType.NON_DIGITAL and akta.form is InnovationForm.PELAYANAN_PUBLIK
    assert akta.initiator.value == "asn" and akta.affair == "adminduk"
    assert akta.sdgs == [10, 16] and akta.tags == ["akta", "adminduk"]
    assert (akta.stage, akta.status) == (Stage.SCALING, Status.ACTIVE)
    assert (akta.started_on, akta.trial_on, akta.applied_on) == (date(2021, 3, 1), date(2021, 7, 5), date(2022, 2, 1))
    assert akta.budget == Decimal("1500000.50") and akta.published and akta.replicable
    assert akta.slug.startswith("antar-jemput-akta-kelahiran")

    posyandu = _by_ref("LAB-002")
    assert posyandu.unit_id == units["puskesmas"].id and posyandu.affair == "kesehatan" and posyandu.sdgs == [3]
    # A blank status: the state an innovation has on entering its stage.
    assert (posyandu.stage, posyandu.status) == (Stage.PILOTING, Status.IN_PROGRESS)
    assert not posyandu.published and not posyandu.replicable
    idea = db.session.scalar(select(Innovation).where(Innovation.title == "Ide Bank Sampah Kelurahan"))
    assert idea.external_ref is None and (idea.stage, idea.status) == (Stage.IDEATION, Status.DRAFT)

    # Every imported innovation's history says where it came from, and who brought it in.
    events = db.session.scalars(select(StageEvent).where(StageEvent.innovation_id == akta.id)).all()
    assert [(e.reason, e.actor_id, e.to_stage, e.to_status) for e in events] == [
        ("Diimpor dari berkas daftar-lab.csv.", coordinator.id, Stage.SCALING, Status.ACTIVE)]
    # The row without external_ref cannot be recognised on a second run: the report says so.
    assert any("1 baris tanpa external_ref dibuat" in note for note in report.notes)
    [entry] = db.session.scalars(select(AuditLog).where(AuditLog.action == "innovation.import")).all()
    assert entry.details == {"file": "daftar-lab.csv", "created": 3, "updated": 0, "unchanged": 0, "rejected": 0,
                             "rows": 3}


def test_xlsx_cells_keep_their_types(coordinator, units):
    data = xlsx_bytes(FULL_HEADER, [
        [12345, "Layanan Adminduk Keliling", "Ringkasan", "digital", "tata_kelola", None, "adminduk", 16, "ktp",
         "OPD-DUKCAPIL", "piloting", "in_progress", date(2023, 1, 2), date(2023, 6, 30), None, 2500000.5, True,
         False],
    ])
    report = import_innovations(coordinator, data, "Daftar Inovasi.xlsx")
    db.session.commit()
    assert report.created == 1 and not report.issues
    innovation = _by_ref("12345")  # a number in Excel is still the reference "12345", not "12345.0"
    assert innovation.sdgs == [16] and innovation.started_on == date(2023, 1, 2)
    assert innovation.budget == Decimal("2500000.50") and innovation.published and not innovation.replicable


def test_imported_innovations_are_searchable_at_once(coordinator, units):
    data = csv_bytes(["external_ref", "title", "summary", "unit_code", "stage", "status", "published"], [
        ["S-1", "Jemput Bola Perekaman KTP Elektronik", "Petugas mendatangi warga lansia.", "OPD-DUKCAPIL",
         "piloting", "in_progress", "ya"],
    ])
    import_innovations(coordinator, data, "ktp.csv")
    db.session.commit()  # indexing happens after the commit, as for any save through the ORM

    # The commit itself indexed it: the index matches the database before any search could catch up.
    assert current_service().verify().total == 0
    found = query.search(SearchRequest(q="perekaman ktp", catalogue=True), None)
    assert [hit.id for hit in found.hits] == [_by_ref("S-1").id]


def test_a_row_with_several_faults_reports_each_and_leaves_nothing(coordinator, units):
    data = csv_bytes(["external_ref", "title", "unit_code", "stage", "status", "started_on", "budget", "published"], [
        ["X-1", "", "TIDAK-ADA", "scaling", "submitted", "2024-13-01", "-5", "mungkin"],
        ["X-2", "Baik", "PKM-SUKUN", "ideation", "", "", "", ""],
    ])
    report = import_innovations(coordinator, data, "x.csv")
    db.session.commit()
    assert [(i.row, i.column) for i in report.issues] == [
        (2, "started_on"), (2, "budget"), (2, "published"), (2, "title"), (2, "unit_code"), (2, "status")]
    messages = {i.column: i.message for i in report.issues}
    assert messages["status"] == ("Status submitted tidak mungkin pada tahap scaling. Pilihan pada tahap ini: "
                                  "in_progress, active, stopped.")
    assert messages["unit_code"] == "Unit dengan kode TIDAK-ADA tidak ada."
    assert messages["budget"] == "Anggaran tidak boleh negatif."
    assert report.created == 1 and count(Innovation) == 1 and _by_ref("X-1") is None


def test_only_a_running_innovation_in_trial_or_use_may_be_published(coordinator, units):
    data = csv_bytes(["external_ref", "title", "unit_code", "stage", "status", "published"], [
        ["P-1", "Ide terbit", "PKM-SUKUN", "ideation", "submitted", "ya"],
        ["P-2", "Uji coba terbit", "PKM-SUKUN", "piloting", "in_progress", "ya"],
        ["P-3", "Ditolak terbit", "PKM-SUKUN", "piloting", "rejected", "ya"],
    ])
    report = import_innovations(coordinator, data, "p.csv")
    assert [(i.row, i.column) for i in report.issues] == [(2, "published"), (4, "published")]
    assert report.created == 1
