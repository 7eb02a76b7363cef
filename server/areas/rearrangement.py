"""A ward's rearrangement as it arrives: its new list of groups as CSV (`code, name, kind,
households_total, population, lat, lon, old_codes`), read as the dated changes it implies
(DESIGN.md §8). `old_codes` lists the groups a new one replaces: one code, a rename (or a part
of a split when several rows name it); several, a merge. A group in force that no row names is
retired. Nothing is applied here: the caller previews the changes, then sends them as they are."""
import re

from marshmallow import ValidationError
from sqlalchemy import select

from ..csvio import read_csv
from ..errors import Invalid
from ..extensions import db
from .history import in_force_on
from .models import ResidentialGroup
from .schemas import GroupSchema

CSV_FIELDS = ("code", "name", "kind", "households_total", "population", "lat", "lon", "old_codes")
MAX_ROWS = 5000
_SEPARATORS = re.compile(r"[\s,;|]+")


def read_rearrangement(ward, stream, day):
    """{effective_on, changes (as POST group-changes takes them), rows (each row's answer)}."""
    current = {g.code: g for g in db.session.scalars(select(ResidentialGroup).where(
        ResidentialGroup.ward_id == ward.id, *in_force_on(day)))}
    rows, answers = _rows(stream, current)
    named = {}
    for row in rows:
        for code in row["old_codes"]:
            named.setdefault(code, []).append(row)
    changes = [*_merges_and_renames(rows, current, named), *_splits(named, current)]
    changes += [{"op": "retire", "group_id": group.id} for code, group in sorted(current.items())
                if code not in named and not any(r["group"]["code"] == code for r in rows)]
    return {"effective_on": day, "changes": changes, "rows": answers}


def _rows(stream, current):
    """The good rows {line, group, old_codes} and an answer for every row."""
    good, answers = [], []
    for line, raw in enumerate(read_csv(stream, CSV_FIELDS[:2]), start=2):
        if line - 1 > MAX_ROWS:
            raise Invalid(f"Tối đa {MAX_ROWS} dòng mỗi lần nhập.", {"file": ["too_many_rows"]})
        clean = {k: (v or "").strip() for k, v in raw.items() if k in CSV_FIELDS}
        old_codes = [c for c in _SEPARATORS.split(clean.pop("old_codes", "")) if c]
        try:
            group = GroupSchema().load({k: v for k, v in clean.items() if v != ""})
            _known(old_codes, current, group["code"])
        except ValidationError as err:
            answers.append({"line": line, "code": clean.get("code"), "status": "rejected",
                            "errors": err.messages})
            continue
        good.append({"line": line, "group": group, "old_codes": old_codes})
        answers.append({"line": line, "code": group["code"], "status": "read"})
    return good, answers


def _known(old_codes, current, code):
    """Every old code names a group in force; a new code replaces at least one."""
    if not old_codes and code not in current:
        raise ValidationError({"old_codes": ["required_for_a_new_code"]})
    unknown = [c for c in old_codes if c not in current]
    if unknown:
        raise ValidationError({"old_codes": [f"unknown_code:{c}" for c in unknown]})


def _merges_and_renames(rows, current, named):
    for row in rows:
        codes, group = row["old_codes"], row["group"]
        if len(codes) > 1:
            yield {"op": "merge", "from": [current[c].id for c in codes], "into": group}
        elif len(codes) == 1 and len(named[codes[0]]) == 1:
            old = current[codes[0]]
            renamed = {k: group[k] for k in ("code", "name") if group[k] != getattr(old, k)}
            if renamed:
                yield {"op": "rename", "group_id": old.id, **renamed}


def _splits(named, current):
    for code, rows in named.items():
        if len(rows) > 1:
            yield {"op": "split", "from": current[code].id, "into": [r["group"] for r in rows]}
