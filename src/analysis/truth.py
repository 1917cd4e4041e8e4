"""The hand-curated ground truth: loading, validation and alias resolution.

The truth file (YAML, e.g. ``data/truth/seeds.yaml``) has ``as_of`` (date of its newest
evidence), ``works`` (id, title, aliases), ``aliases`` (canonical value -> variants, per
kind: person, character, platform, site), ``complete`` (lists complete as of a date) and
``facts``. Field meanings are in ``docs/ground-truth.md``. ``load_truth`` reports every
problem at once, each naming the fact and field.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis import config

STATUSES = ("confirmed", "reported", "disputed")
CONFIDENCES = ("high", "medium", "low")
UNKNOWN = "unknown"
FACT_FIELDS = ("id", "work", "season", "attribute", "value", "qualifier", "valid_from",
               "valid_to", "known_from", "not_before", "status", "confidence", "tolerance",
               "sources", "note")


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, so a bad one is reported with its fact."""


_TextDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class TruthError(ValueError):
    """The truth file is malformed; ``problems`` lists every error found."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in the ground truth:\n{listing}")


def fold(value: object) -> str:
    """Text folded for matching: accents removed, case folded, single spaces."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


@dataclass
class Truth:
    """A validated ground truth. ``facts`` is a table with the columns of FACT_FIELDS."""

    path: Path
    as_of: dt.date
    works: dict[str, list[str]]
    facts: pd.DataFrame
    complete: pd.DataFrame
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    attributes: dict[str, dict] = field(default_factory=dict)

    def canonical(self, kind: str | None, value: str) -> str:
        """The canonical form of ``value`` under alias table ``kind``, folded."""
        folded = fold(value)
        return self.aliases.get(kind or "", {}).get(folded, folded)


def load_attributes(path: Path = config.ATTRIBUTES_FILE) -> dict[str, dict]:
    """The attribute vocabulary (``data/attributes.yaml``)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_truth(path: str | Path = config.TRUTH_FILE,
               attributes: dict[str, dict] | None = None) -> Truth:
    """Read and validate a truth file; raise ``TruthError`` listing every problem."""
    path = Path(path)
    attributes = attributes or load_attributes()
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDatesLoader)
    except FileNotFoundError as err:
        raise TruthError(path, ["file does not exist"]) from err
    except yaml.YAMLError as err:
        raise TruthError(path, [f"not valid YAML ({err})"]) from err
    if not isinstance(raw, dict):
        raise TruthError(path, ["expected a mapping with as_of, works, aliases, facts"])
    problems: list[str] = []
    as_of = _date(raw.get("as_of"), "as_of", problems, required=True)
    works = {}
    for i, work in enumerate(raw.get("works") or []):
        if not isinstance(work, dict) or not work.get("id"):
            problems.append(f"works[{i}]: needs an id")
            continue
        works[str(work["id"])] = [str(a) for a in work.get("aliases") or [work.get("title", "")]]
    aliases = _aliases(raw.get("aliases") or {})
    facts = [_fact(i, f, works, attributes, problems) for i, f in enumerate(raw.get("facts") or [])]
    facts = [f for f in facts if f is not None]
    _check_unique_ids(facts, problems)
    _check_contradictions(facts, attributes, problems)
    complete = [_complete(i, c, works, attributes, problems)
                for i, c in enumerate(raw.get("complete") or [])]
    if problems:
        raise TruthError(path, problems)
    return Truth(path, as_of, works, pd.DataFrame(facts, columns=list(FACT_FIELDS)),
                 pd.DataFrame([c for c in complete if c],
                              columns=["work", "season", "attribute", "as_of"]),
                 aliases, attributes)


def _aliases(raw: dict) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for kind, mapping in raw.items():
        table[kind] = {}
        for canonical, variants in (mapping or {}).items():
            for variant in [canonical, *(variants or [])]:
                table[kind][fold(variant)] = fold(canonical)
    return table


def _date(value, where: str, problems: list[str], required: bool = False) -> dt.date | None:
    if value is None:
        if required:
            problems.append(f"{where}: missing date")
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date (expected YYYY-MM-DD)")
        return None


def _fact(i: int, raw, works, attributes, problems: list[str]) -> dict | None:
    if not isinstance(raw, dict):
        problems.append(f"facts[{i}]: expected a mapping")
        return None
    fid = str(raw.get("id") or f"facts[{i}]")
    where = f"fact {fid}"
    unknown_fields = set(raw) - set(FACT_FIELDS)
    if unknown_fields:
        problems.append(f"{where}: unknown field(s) {sorted(unknown_fields)}")
    if not raw.get("id"):
        problems.append(f"{where}: missing id")
    if raw.get("work") not in works:
        problems.append(f"{where}: work {raw.get('work')!r} is not one of the works "
                        f"{sorted(works)}")
    attribute = raw.get("attribute")
    if attribute not in attributes:
        problems.append(f"{where}: unknown attribute {attribute!r}; expected one of "
                        f"{sorted(attributes)}")
    if raw.get("value") is None:
        problems.append(f"{where}: missing value (use 'unknown' for a known unknown)")
    if raw.get("status") not in STATUSES:
        problems.append(f"{where}: status {raw.get('status')!r}; expected one of {STATUSES}")
    if raw.get("confidence") not in CONFIDENCES:
        problems.append(f"{where}: confidence {raw.get('confidence')!r}; expected one of "
                        f"{CONFIDENCES}")
    sources = raw.get("sources") or []
    if not sources or not all(isinstance(s, dict) and s.get("url") for s in sources):
        problems.append(f"{where}: needs at least one source with a url")
    for s in sources:
        if isinstance(s, dict):
            _date(s.get("date"), f"{where}: source date", problems)
    fact = {k: raw.get(k) for k in FACT_FIELDS}
    for key in ("valid_from", "valid_to", "known_from", "not_before"):
        fact[key] = _date(raw.get(key), f"{where}: {key}", problems)
    if fact["valid_from"] and fact["valid_to"] and fact["valid_from"] > fact["valid_to"]:
        problems.append(f"{where}: valid_from {fact['valid_from']} is after valid_to "
                        f"{fact['valid_to']}")
    fact["value"] = _value(raw.get("value"), attribute, attributes, where, problems)
    fact["qualifier"] = "" if raw.get("qualifier") is None else str(raw["qualifier"])
    fact["season"] = raw.get("season")
    fact["id"] = fid
    return fact


def _value(value, attribute, attributes, where: str, problems: list[str]) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = "" if value is None else str(value)
    spec = attributes.get(attribute) or {}
    if text == UNKNOWN or not spec:
        return text
    if spec.get("kind") in ("state", "category") and text not in spec.get("values", []):
        problems.append(f"{where}: value {text!r} is not one of {spec.get('values')}")
    if spec.get("kind") == "event":
        for part in text.split("/"):
            try:
                dt.date.fromisoformat(part)
            except ValueError:
                problems.append(f"{where}: value {text!r} is not a date or date interval")
                break
    if spec.get("kind") == "number":
        try:
            float(text)
        except ValueError:
            problems.append(f"{where}: value {text!r} is not a number")
    return text


def _check_unique_ids(facts: list[dict], problems: list[str]) -> None:
    seen: set[str] = set()
    for fact in facts:
        if fact["id"] in seen:
            problems.append(f"fact {fact['id']}: duplicate id")
        seen.add(fact["id"])


def _overlap(a: dict, b: dict) -> bool:
    lo = max(a["valid_from"] or dt.date.min, b["valid_from"] or dt.date.min)
    hi = min(a["valid_to"] or dt.date.max, b["valid_to"] or dt.date.max)
    return lo <= hi


def _check_contradictions(facts: list[dict], attributes, problems: list[str]) -> None:
    """Two confirmed facts giving different states or numbers for the same thing and time."""
    single = {a for a, spec in attributes.items() if spec.get("kind") in ("state", "category")}
    confirmed = [f for f in facts if f["status"] == "confirmed" and f["value"] != UNKNOWN
                 and f["attribute"] in single]
    for i, a in enumerate(confirmed):
        for b in confirmed[i + 1:]:
            same = (a["work"], a["season"], a["attribute"], a["qualifier"]) == \
                (b["work"], b["season"], b["attribute"], b["qualifier"])
            if same and a["value"] != b["value"] and _overlap(a, b):
                problems.append(f"facts {a['id']} and {b['id']} contradict each other: "
                                f"{a['attribute']} is {a['value']!r} and {b['value']!r} over "
                                "the same interval")


def _complete(i: int, raw, works, attributes, problems: list[str]) -> dict | None:
    where = f"complete[{i}]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping")
        return None
    if raw.get("work") not in works:
        problems.append(f"{where}: unknown work {raw.get('work')!r}")
    if raw.get("attribute") not in attributes:
        problems.append(f"{where}: unknown attribute {raw.get('attribute')!r}")
    if not raw.get("sources"):
        problems.append(f"{where}: needs at least one source")
    as_of = _date(raw.get("as_of"), f"{where}: as_of", problems, required=True)
    return {"work": raw.get("work"), "season": raw.get("season"),
            "attribute": raw.get("attribute"), "as_of": as_of}
