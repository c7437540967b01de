"""The unit tree: nested display, and the rules for creating, moving and deleting units."""
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Innovation, Unit
from innolab.vocab import Role, UnitKind


class _TreeParents(HTMLParser):
    """{code: parent code} as the page nests its list items."""

    def __init__(self):
        super().__init__()
        self.stack, self.parents = [], {}

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            code = dict(attrs).get("data-code")
            if code:
                self.parents[code] = next((c for c in reversed(self.stack) if c), None)
            self.stack.append(code)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()


@pytest.fixture
def tree(admin, region, make_unit):
    """Region → Kecamatan Mayangan → Kelurahan Mayangan, and region → Dinas Kesehatan → UPTD Labkesda."""
    kecamatan = make_unit("Kecamatan Mayangan", UnitKind.KECAMATAN, parent=region, code="35.74.01")
    kelurahan = make_unit("Kelurahan Mayangan", UnitKind.KELURAHAN, parent=kecamatan, code="35.74.01.1001")
    dinkes = make_unit("Dinas Kesehatan", UnitKind.OPD, parent=region, code="OPD-DINKES")
    uptd = make_unit("UPTD Labkesda", UnitKind.UPTD, parent=dinkes, code="UPTD-LAB")
    db.session.commit()
    return {"kecamatan": kecamatan, "kelurahan": kelurahan, "dinkes": dinkes, "uptd": uptd}


def test_tree_page_nests_units_under_their_parents(client, tree, region):
    html = client.get("/admin/units").get_data(as_text=True)
    parser = _TreeParents()
    parser.feed(html)
    assert parser.parents["35.74.01.1001"] == "35.74.01"
    assert parser.parents["35.74.01"] == region.code
    assert parser.parents["UPTD-LAB"] == "OPD-DINKES"
    assert parser.parents[region.code] is None
    assert "1 pengguna" in html  # the admin, in Bagian Organisasi


def _unit_form(**values) -> dict:
    return {key: str(value) for key, value in values.items() if value is not None}


def test_admin_adds_a_unit(client, tree, audit_rows):
    response = client.post("/admin/units/new", data=_unit_form(
        name="Kelurahan Sukabumi", kind="kelurahan", code="35.74.01.1002", parent_id=tree["kecamatan"].id))
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.code == "35.74.01.1002"))
    assert unit.parent_id == tree["kecamatan"].id and unit.kind is UnitKind.KELURAHAN
    [entry] = audit_rows("unit.create")
    assert entry.target_id == unit.id and entry.details["parent"] == "35.74.01"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "Kelurahan Salah", "kind": "kelurahan", "code": "K-1", "parent": "dinkes"}, "parent_id",
         "Kelurahan tidak boleh berada di bawah Perangkat Daerah (OPD). Induk yang diizinkan: Kecamatan."),
        ({"name": "UPTD Yatim", "kind": "uptd", "code": "K-2", "parent": None}, "parent_id",
         "Pilih unit induk (boleh: Perangkat Daerah (OPD))."),
        ({"name": "Kota Kedua", "kind": "pemda", "code": "35.99", "parent": None}, "kind",
         "Sudah ada pemerintah daerah"),
        ({"name": "Pemda Anak", "kind": "pemda", "code": "35.98", "parent": "kecamatan"}, "parent_id",
         "tidak boleh punya induk"),
        ({"name": "Kembar", "kind": "opd", "code": "OPD-DINKES", "parent": "region"}, "code",
         "Kode OPD-DINKES sudah dipakai unit Dinas Kesehatan."),
        ({"name": "Spasi", "kind": "opd", "code": "OPD DINKES", "parent": "region"}, "code",
         "Kode hanya boleh berisi huruf, angka"),
        ({"name": "Aneh", "kind": "kerajaan", "code": "K-3", "parent": "region"}, "kind", "Jenis unit tidak dikenal."),
        ({"name": "", "kind": "opd", "code": "K-4", "parent": "region"}, "name", "Nama unit wajib diisi."),
    ],
)
def test_tree_rules_refuse_a_new_unit(client, tree, region, field_error, values, field, message):
    units = {**tree, "region": region}
    before = db.session.scalar(select(db.func.count()).select_from(Unit))
    parent_key = values.pop("parent")
    parent = units[parent_key].id if parent_key else None
    response = client.post("/admin/units/new", data=_unit_form(**values, parent_id=parent))
    assert response.status_code == 200
    assert message in (field_error(response.get_data(as_text=True), field) or "")
    assert db.session.scalar(select(db.func.count()).select_from(Unit)) == before


def _edit(client, unit: Unit, **changes):
    values = {"name": unit.name, "kind": unit.kind.value, "code": unit.code, "parent_id": unit.parent_id}
    values.update(changes)
    return client.post(f"/admin/units/{unit.id}/edit", data=_unit_form(**values))


def test_a_unit_cannot_move_under_itself_or_its_descendants(client, tree, field_error):
    dinkes = tree["dinkes"]
    for parent in (dinkes, tree["uptd"]):
        html = _edit(client, dinkes, parent_id=parent.id).get_data(as_text=True)
        assert field_error(html, "parent_id") == \
            "Unit tidak boleh berada di bawah dirinya sendiri atau sub-unitnya."
    db.session.expire_all()
    assert db.session.get(Unit, dinkes.id).parent_id == dinkes.parent_id


def test_changing_a_kind_must_still_fit_the_children(client, tree, region, field_error):
    html = _edit(client, tree["kecamatan"], kind="opd").get_data(as_text=True)
    assert "Sub-unit Kelurahan Mayangan tidak boleh berada di bawah Perangkat Daerah (OPD)" in \
        field_error(html, "kind")


def test_moving_and_renaming_is_logged_with_the_changes(client, tree, make_unit, region, audit_rows):
    other = make_unit("Kecamatan Kanigaran", UnitKind.KECAMATAN, parent=region, code="35.74.02")
    db.session.commit()
    response = _edit(client, tree["kelurahan"], name="Kelurahan Tisnonegaran", parent_id=other.id)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, tree["kelurahan"].id).parent_id == other.id
    [entry] = audit_rows("unit.update")
    assert entry.details["changes"] == {"name": ["Kelurahan Mayangan", "Kelurahan Tisnonegaran"],
                                        "parent": ["35.74.01", "35.74.02"]}

    # Saving the form unchanged changes nothing and logs nothing.
    _edit(client, db.session.get(Unit, tree["kelurahan"].id))
    assert len(audit_rows("unit.update")) == 1


def test_delete_is_refused_while_anything_refers_to_the_unit(client, admin, tree, make_user):
    make_user(Role.INNOVATOR, unit=tree["uptd"], email="lab@kota.go.id")
    db.session.add(Innovation(slug="si-cepat", title="SI CEPAT", unit=tree["kelurahan"], owner=admin))
    db.session.commit()
    expected = {
        "dinkes": "masih dipakai oleh 1 sub-unit.",
        "uptd": "masih dipakai oleh 1 pengguna.",
        "kelurahan": "masih dipakai oleh 1 inovasi.",
        "kecamatan": "masih dipakai oleh 1 sub-unit.",
    }
    for key, message in expected.items():
        response = client.post(f"/admin/units/{tree[key].id}/delete", follow_redirects=True)
        assert message in response.get_data(as_text=True), key
    db.session.expire_all()
    assert all(db.session.get(Unit, unit.id) is not None for unit in tree.values())


def test_an_unused_unit_is_deleted_and_logged(client, tree, audit_rows):
    uptd_id = tree["uptd"].id
    response = client.post(f"/admin/units/{uptd_id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/units")
    db.session.expire_all()
    assert db.session.get(Unit, uptd_id) is None
    [entry] = audit_rows("unit.delete")
    assert entry.target_id == uptd_id and entry.details["code"] == "UPTD-LAB"
    assert "Unit dihapus" in client.get("/admin/audit").get_data(as_text=True)
