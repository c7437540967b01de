"""The innovation columns of an import or export file: their order, and how each cell is read and written.

Written cells read back to the same values (export → import round-trips). Reading is lenient where people's
spreadsheets differ: enum values or their Indonesian labels, urusan by name or key, dates as ISO or dd/mm/yyyy,
yes/no words in two languages, amounts with Indonesian thousands separators.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum

from flask_babel import force_locale
from flask_babel import gettext as _

from innolab.pipeline.stages import Stage, Status
from innolab.pipeline.transitions import allowed_moves, target_of
from innolab.proposals.forms import FORM_CHOICES, INITIATOR_CHOICES, TEXT_LIMIT, TYPE_CHOICES
from innolab.vocab import AFFAIRS, Initiator, InnovationForm, InnovationType

# Export order. Only title, unit_code and stage are required on import.
INNOVATION_COLUMNS = (
    "external_ref", "title", "summary", "background", "goals", "novelty", "implementation", "significance",
    "adaptability", "resources", "sustainability", "beneficiaries", "innovation_type", "form", "initiator", "affair",
    "sdgs", "tags", "unit_code", "stage", "status", "started_on", "trial_on", "applied_on", "budget", "published",
    "replicable",
)
REQUIRED_COLUMNS = ("title", "unit_code", "stage")
# Exported for reading, computed from other data: accepted in an imported file and ignored.
DERIVED_COLUMNS = ("score",)
OPTIONAL_COLUMNS = tuple(c for c in INNOVATION_COLUMNS if c not in REQUIRED_COLUMNS) + DERIVED_COLUMNS
# Columns that are Innovation attributes of the same name (unit_code becomes unit_id).
MODEL_COLUMNS = tuple(c for c in INNOVATION_COLUMNS if c != "unit_code")

TEXT_COLUMNS = ("summary", "background", "goals", "novelty", "implementation", "significance", "adaptability",
                "resources", "sustainability", "beneficiaries")
ENUM_COLUMNS: dict[str, type[Enum]] = {
    "innovation_type": InnovationType, "form": InnovationForm, "initiator": Initiator, "stage": Stage,
    "status": Status,
}
DATE_COLUMNS = ("started_on", "trial_on", "applied_on")
BOOL_COLUMNS = ("published", "replicable")
TITLE_LIMIT = 200
REF_LIMIT = 100
TAGS_LIMIT = 300  # as the proposal form: the tags joined by ", "
BUDGET_LIMIT = Decimal("99999999999999.99")  # Numeric(16, 2)
TRUE_WORDS = frozenset({"true", "ya", "yes", "1"})
FALSE_WORDS = frozenset({"false", "tidak", "no", "0"})
YES, NO = "ya", "tidak"


class CellError(ValueError):
    """A cell that cannot be read; `message` tells the user how to write it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalise(text: str) -> str:
    """Case, spaces, '-', '_', commas and full stops do not matter when a word is matched: 'Non-digital' =
    'non_digital', 'Koperasi Usaha Kecil dan Menengah' = 'Koperasi, Usaha Kecil, dan Menengah'."""
    return re.sub(r"[\s_\-,.]+", " ", text.lower()).strip()


# -- stage and status -------------------------------------------------------------------------------------------

def reachable_states() -> frozenset[tuple[Stage, Status]]:
    """Every (stage, status) the pipeline can lead an innovation to from a new draft; an import may set only those."""
    seen = {(Stage.IDEATION, Status.DRAFT)}
    todo = list(seen)
    while todo:
        stage, status = todo.pop()
        for move in allowed_moves(stage, status):
            target = target_of(stage, status, move)
            if (target.stage, target.status) not in seen:
                seen.add((target.stage, target.status))
                todo.append((target.stage, target.status))
    return frozenset(seen)


REACHABLE = reachable_states()


def entry_status(stage: Stage) -> Status:
    """The status an innovation holds on entering `stage`: a new idea is a draft, a later stage is under way."""
    return Status.DRAFT if stage is Stage.IDEATION else Status.IN_PROGRESS


def statuses_of(stage: Stage) -> list[Status]:
    return [status for status in Status if (stage, status) in REACHABLE]


# -- reading ----------------------------------------------------------------------------------------------------

class Vocabulary:
    """What a cell may say for each enum column and for the urusan, built once per import."""

    def __init__(self):
        extra_labels = {InnovationType: TYPE_CHOICES, InnovationForm: FORM_CHOICES, Initiator: INITIATOR_CHOICES}
        self.enums: dict[str, dict[str, Enum]] = {}
        for column, enum in ENUM_COLUMNS.items():
            aliases: dict[str, Enum] = {}
            for member in enum:
                labels = [c.label for c in extra_labels.get(enum, ()) if c.value == member.value]
                if hasattr(member, "label"):
                    labels.append(member.label)
                for word in (member.value, member.name, *_both_languages(labels)):
                    aliases.setdefault(normalise(word), member)
            self.enums[column] = aliases
        self.affairs = {normalise(key): key for key in AFFAIRS}
        self.affairs.update({normalise(name): key for key, name in AFFAIRS.items()})

    def enum(self, column: str, text: str):
        if not text:
            return None
        member = self.enums[column].get(normalise(text))
        if member is None:
            raise CellError(_("Nilai \"%(value)s\" tidak dikenal. Pilihan: %(choices)s.", value=text,
                              choices=", ".join(m.value for m in ENUM_COLUMNS[column])))
        return member

    def affair(self, text: str) -> str | None:
        if not text:
            return None
        key = self.affairs.get(normalise(text))
        if key is None:
            raise CellError(_("Urusan \"%(value)s\" tidak dikenal. Tulis nama urusan pemerintahan (mis. Kesehatan, "
                              "Administrasi Kependudukan dan Pencatatan Sipil) atau kodenya (mis. adminduk).",
                              value=text))
        return key


def _both_languages(labels: Iterable) -> list[str]:
    """Each lazily translated label in Indonesian (the file's language) and in the reader's language."""
    words = [str(label) for label in labels]
    with force_locale("id"):
        words += [str(label) for label in labels]
    return words


def read_text(text: str, limit: int = TEXT_LIMIT) -> str:
    if len(text) > limit:
        raise CellError(_("Teks maksimal %(n)d karakter; sel ini berisi %(length)d.", n=limit, length=len(text)))
    return text


def read_date(text: str) -> date | None:
    if not text:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text)  # a time is dropped
    local = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if local:
            return date(int(local[3]), int(local[2]), int(local[1]))
    except ValueError:
        pass  # a day or month out of range: the same message as a date written some other way
    raise CellError(_("Tanggal \"%(value)s\" tidak dikenali. Tulis sebagai 2024-01-31 atau 31/01/2024.", value=text))


def read_bool(text: str) -> bool:
    word = text.strip().lower()
    if not word or word in FALSE_WORDS:
        return False
    if word in TRUE_WORDS:
        return True
    raise CellError(_("Nilai \"%(value)s\" bukan ya/tidak. Tulis true/false, ya/tidak, yes/no, atau 1/0.",
                      value=text))


def read_sdgs(text: str) -> list[int]:
    numbers, bad = set(), []
    for token in filter(None, (t.strip() for t in re.split(r"[,;]", text))):
        match = re.fullmatch(r"(?:sdgs?\s*)?(\d{1,2})", token.lower())
        if match and 1 <= int(match[1]) <= 17:
            numbers.add(int(match[1]))
        else:
            bad.append(token)
    if bad:
        raise CellError(_("SDG ditulis sebagai nomor 1 sampai 17, dipisah koma (mis. 3, 11). Tidak dikenal: "
                          "%(bad)s.", bad=", ".join(bad)))
    return sorted(numbers)


def read_tags(text: str) -> list[str]:
    tags: list[str] = []
    for tag in (t.strip() for t in text.split(",")):
        if tag and tag not in tags:
            tags.append(tag)
    if len(", ".join(tags)) > TAGS_LIMIT:
        raise CellError(_("Kata kunci maksimal %(n)d karakter seluruhnya.", n=TAGS_LIMIT))
    return tags


def read_budget(text: str) -> Decimal | None:
    """Rupiah amounts as people type them: 1500000, 1500000.50, 1.500.000, 1.500.000,50, Rp 1.500.000."""
    if not text:
        return None
    cleaned = re.sub(r"^rp\.?|\s", "", text.strip().lower())
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rindex(",") > cleaned.rindex(".") else "."
        cleaned = cleaned.replace("." if decimal_mark == "," else ",", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", cleaned):
        cleaned = re.sub(r"[.,]", "", cleaned)  # thousands separators only
    else:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        if re.fullmatch(r"-\d+([.,]\d+)?", cleaned):
            raise CellError(_("Anggaran tidak boleh negatif."))
        raise CellError(_("Anggaran \"%(value)s\" bukan angka. Tulis mis. 1500000 atau 1.500.000,50.", value=text))
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(_("Anggaran \"%(value)s\" bukan angka. Tulis mis. 1500000 atau 1.500.000,50.",
                          value=text)) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError(_("Anggaran memuat lebih dari dua angka desimal."))
    if amount > BUDGET_LIMIT:
        raise CellError(_("Anggaran terlalu besar."))
    return amount.quantize(Decimal("0.01"))


# -- writing ----------------------------------------------------------------------------------------------------

def export_values(innovation, score: float | None) -> list:
    """One export row: INNOVATION_COLUMNS then DERIVED_COLUMNS, as values read_* turn back into the same fields."""
    row = []
    for column in INNOVATION_COLUMNS:
        if column == "unit_code":
            row.append(innovation.unit.code or "")
            continue
        value = getattr(innovation, column)
        if column == "affair":
            value = AFFAIRS.get(value, value) if value else ""
        elif column == "sdgs":
            value = ", ".join(str(n) for n in sorted(value or []))
        elif column == "tags":
            value = ", ".join(value or [])
        elif column in BOOL_COLUMNS:
            value = YES if value else NO
        elif isinstance(value, Enum):
            value = value.value
        elif column == "budget" and value is not None:
            value = Decimal(value).quantize(Decimal("0.01"))
        row.append("" if value is None else value)
    row.append(score)
    return row
