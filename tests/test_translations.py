"""The English catalogue covers every UI string, and the compiled catalogue matches it."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "innolab" / "translations" / "en" / "LC_MESSAGES"
METHODS = [("innolab/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_ui_string_has_an_english_translation():
    with open(EN / "messages.po", "rb") as fh:
        catalog = read_po(fh)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(_source_messages() - translated)
    assert not missing, f"{len(missing)} strings lack an English translation, e.g. {missing[:5]}"


def _entries(messages) -> dict:
    # Plural entries carry tuples (or lists) of forms; compare them as tuples.
    def frozen(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {frozen(m.id): frozen(m.string) for m in messages if m.id and not m.fuzzy}


def test_compiled_catalogue_matches_the_po_file():
    with open(EN / "messages.po", "rb") as fh:
        po = _entries(read_po(fh))
    with open(EN / "messages.mo", "rb") as fh:
        mo = _entries(read_mo(fh))
    assert po == mo, "run: pybabel compile -d innolab/translations"
