"""What the index holds for an innovation: searchable text, facet values and what a result card shows."""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, SchemaClass

from innolab.search.analyzer import IndonesianAnalyzer, SpellingAnalyzer

# Bump when the fields change; the index is rebuilt on start when its schema version differs.
SCHEMA_VERSION = 1

# Facet fields, in the order the search page shows them.
FACETS = ("stage", "affair", "form", "itype", "unit", "kecamatan", "year", "replicable")

# The sections of a proposal that are searched as its body, besides title and summary.
BODY_SECTIONS = (
    "background", "goals", "novelty", "implementation", "significance", "adaptability", "resources",
    "sustainability", "beneficiaries",
)


class InnovationSchema(SchemaClass):
    id = ID(stored=True, unique=True)
    # version_id and replication count: what the reconcile step compares with the database
    signature = STORED()
    title = TEXT(analyzer=IndonesianAnalyzer(), stored=True, field_boost=3.0)
    summary = TEXT(analyzer=IndonesianAnalyzer(), stored=True, field_boost=2.0)
    body = TEXT(analyzer=IndonesianAnalyzer(), stored=True)
    spelling = TEXT(analyzer=SpellingAnalyzer(), spelling=True, phrase=False)
    # facets and the visibility filter
    stage = ID(stored=True)
    status = ID(stored=True)
    affair = ID(stored=True)
    form = ID
    itype = ID
    unit = ID(stored=True)
    kecamatan = ID
    year = ID
    replicable = ID
    published = ID
    tags = KEYWORD(lowercase=True, commas=True, scorable=True)
    # sorting
    created = NUMERIC(sortable=True, bits=64)
    replications = NUMERIC(sortable=True)
