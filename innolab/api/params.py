"""Reading and checking the API's query parameters; a bad one is a 400 naming it, never a silent default."""
from __future__ import annotations

import re

from innolab.api.problems import InvalidParams
from innolab.pipeline.stages import Stage
from innolab.search.query import SORTS, SearchRequest
from innolab.vocab import AFFAIRS, InnovationForm, InnovationType

MAX_PER_PAGE = 100
ALLOWED_VALUES = {
    "stage": {stage.value for stage in Stage},
    "affair": set(AFFAIRS),
    "form": {form.value for form in InnovationForm},
    "itype": {kind.value for kind in InnovationType},
    "replicable": {"0", "1"},
    "sort": set(SORTS),
}
NUMERIC_FILTERS = ("unit", "kecamatan", "year")
# ASCII digits only ("²".isdigit() is true, but int("²") fails), and few enough to fit a 32-bit database integer.
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def parse_search_params(args) -> SearchRequest:
    problems = []
    filters = {}
    # A parameter that is present must be valid, also when empty: the document allows no empty values.
    for name, allowed in ALLOWED_VALUES.items():
        value = args.get(name)
        if value is not None and value not in allowed:
            problems.append((name, f"must be one of: {', '.join(sorted(allowed))}"))
        elif value and name != "sort":
            filters[name] = value
    for name in NUMERIC_FILTERS:
        value = args.get(name)
        if value is not None and not WHOLE_NUMBER.fullmatch(value):
            problems.append((name, "must be a whole number"))
        elif value:
            filters[name] = value
    page = _whole(args, "page", 1, 1, 10_000, problems)
    per_page = _whole(args, "per_page", 10, 1, MAX_PER_PAGE, problems)
    q = args.get("q", "")
    if len(q) > 200:
        problems.append(("q", "must be at most 200 characters"))
    if problems:
        raise InvalidParams(problems)
    return SearchRequest(q=q.strip(), filters=filters, sort=args.get("sort") or "relevance", page=page,
                         per_page=per_page)


def _whole(args, name: str, default: int, low: int, high: int, problems: list) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    if not WHOLE_NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        problems.append((name, f"must be a whole number from {low} to {high}"))
        return default
    return int(raw)
