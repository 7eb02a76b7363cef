"""The phone's limits on an event's fields (pwa/js/data/limits.js) are the server's own.

The module is read as text (no browser needed): each `export const NAME = value;` is parsed, the
object literal of the counts as JSON once its keys are quoted.
"""
import json
import re
from pathlib import Path

from marshmallow import validate

from server.config import Config
from server.outreach.counts import COUNT_LIMITS as COUNT_MAX
from server.outreach.schemas import EventInSchema

LIMITS = Path(__file__).resolve().parents[1] / "pwa" / "js" / "data" / "limits.js"


def phone_limits(path=LIMITS):
    text = path.read_text(encoding="utf-8")
    found = {}
    for name, value in re.findall(r"export const (\w+) = ([^;]+);", text):
        quoted = re.sub(r"(\w+):", r'"\1":', value)
        digits = re.sub(r"(?<=\d)_(?=\d)", "", quoted)  # 50_000 is 50000
        found[name] = json.loads(re.sub(r",(\s*)}", r"\1}", digits))
    return found


def schema_limit(field, kind):
    (rule,) = [v for v in EventInSchema().fields[field].validators if isinstance(v, kind)]
    return rule.max


def test_the_phones_limits_are_the_servers():
    phone = phone_limits()
    assert phone == {
        "COUNT_MAX": COUNT_MAX,
        "DURATION_MAX_MIN": schema_limit("duration_min", validate.Range),
        "NOTE_MAX_CHARS": schema_limit("note", validate.Length),
        "EVENT_MAX_AGE_DAYS": Config.EVENT_MAX_AGE_DAYS,
        "FUTURE_SKEW_S": Config.EVENT_FUTURE_SKEW_S,
    }


def test_the_parser_reads_what_the_module_says(tmp_path):
    changed = tmp_path / "limits.js"
    changed.write_text(LIMITS.read_text(encoding="utf-8").replace("households_visited: 500,",
                                                                  "households_visited: 600,"), encoding="utf-8")
    assert phone_limits(changed)["COUNT_MAX"]["households_visited"] == 600
    assert phone_limits(changed)["COUNT_MAX"] != COUNT_MAX
