"""The hand-curated ground truth: loading, validation and alias resolution.

The truth file (YAML, e.g. ``data/truth/seeds.yaml``) has ``title``, ``as_of`` (date of its
newest evidence), ``works`` (id, title, aliases), ``aliases`` (canonical value -> variants,
per kind: person, character, platform, site, scope; a variant may hold only between dates),
``complete`` (lists complete as of a date) and ``facts``. Field meanings are in
``docs/ground-truth.md``. ``load_truth`` reports every problem at once, each naming the fact
and field; ``coverage`` summarises what a valid file covers.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
import yaml

from analysis import config

STATUSES = ("confirmed", "reported", "disputed")
CONFIDENCES = ("high", "medium", "low")
UNKNOWN = "unknown"
FACT_FIELDS = ("id", "work", "season", "attribute", "value", "qualifier", "valid_from",
               "valid_to", "known_from", "not_before", "status", "confidence", "tolerance",
               "sources", "note", "scope", "window", "position", "negated", "end_known_from")
TOP_LEVEL_KEYS = ("title", "as_of", "works", "aliases", "complete", "facts")
WORK_KEYS = ("id", "title", "aliases", "note")
COMPLETE_KEYS = ("work", "season", "attribute", "as_of", "sources", "note")
ALIAS_VARIANT_KEYS = ("name", "from", "to")
DATE_FIELDS = ("valid_from", "valid_to", "known_from", "not_before", "end_known_from")


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
    return _fold(str(value))


@lru_cache(maxsize=1 << 16)  # the same names and values recur across a corpus
def _fold(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
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
    dated_aliases: dict[str, dict[str, list[tuple[str, dt.date | None, dt.date | None]]]] = \
        field(default_factory=dict)
    title: str = ""

    def canonical(self, kind: str | None, value: str, on: dt.date | None = None) -> str:
        """The canonical form of ``value`` under alias table ``kind``, folded.

        A variant that holds only between dates (``{name, from, to}``) resolves only when
        ``on`` falls between them.
        """
        folded = fold(value)
        if on is not None:
            for canonical, start, end in self.dated_aliases.get(kind or "", {}).get(folded, []):
                if (start is None or start <= on) and (end is None or on <= end):
                    return canonical
        return self.aliases.get(kind or "", {}).get(folded, folded)

    @cached_property
    def work_names(self) -> frozenset[str]:
        """Every name of every work the truth covers, folded."""
        return frozenset(fold(a) for aliases in self.works.values() for a in aliases)

    @cached_property
    def records_by_key(self) -> tuple[dict[tuple, list[dict]], dict[tuple, list[dict]]]:
        """The facts and the complete lists as records grouped by (work, attribute). Facts
        keep their file order and gain ``first_known`` (``known_from``, else ``valid_from``;
        None when both are missing)."""
        facts: dict[tuple, list[dict]] = {}
        for fact in self.facts.to_dict("records"):
            fact["first_known"] = fact["known_from"] or fact["valid_from"]
            facts.setdefault((fact["work"], fact["attribute"]), []).append(fact)
        lists: dict[tuple, list[dict]] = {}
        for entry in self.complete.to_dict("records"):
            lists.setdefault((entry["work"], entry["attribute"]), []).append(entry)
        return facts, lists

    @cached_property
    def season_starts(self) -> dict[tuple[str, int], tuple[dt.date, dt.date | None]]:
        """(work, season) -> (first day of its premiere, date that day became known)."""
        facts = self.facts
        dated = facts[(facts["attribute"] == "premiere_date") & (facts["value"] != UNKNOWN)
                      & (facts["qualifier"] == "") & facts["season"].notna()
                      & ~facts["negated"].astype(bool)]
        starts: dict[tuple[str, int], tuple[dt.date, dt.date | None]] = {}
        for fact in dated.to_dict("records"):
            first = dt.date.fromisoformat(str(fact["value"]).split("/")[0])
            key = (fact["work"], int(fact["season"]))
            if key not in starts or first < starts[key][0]:
                starts[key] = (first, fact["known_from"] or fact["valid_from"])
        return starts


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
    _check_keys(raw, TOP_LEVEL_KEYS, "top level", problems)
    as_of = _date(raw.get("as_of"), "as_of", problems, required=True)
    works = _works(raw.get("works"), problems)
    aliases, dated = _aliases(raw.get("aliases"), problems)
    raw_facts = _list(raw.get("facts"), "facts", problems)
    if not raw_facts:
        problems.append("facts: missing or empty (the file must list its facts under "
                        "'facts:')")
    facts = [_fact(i, f, works, attributes, problems) for i, f in enumerate(raw_facts)]
    facts = [f for f in facts if f is not None]
    _check_unique_ids(facts, problems)
    _check_contradictions(facts, attributes, problems)
    complete = [_complete(i, c, works, attributes, problems)
                for i, c in enumerate(_list(raw.get("complete"), "complete", problems))]
    if problems:
        raise TruthError(path, problems)
    return Truth(path, as_of, works, pd.DataFrame(facts, columns=list(FACT_FIELDS)),
                 pd.DataFrame([c for c in complete if c],
                              columns=["work", "season", "attribute", "as_of"]),
                 aliases, attributes, dated, str(raw.get("title") or ""))


def _check_keys(raw: dict, allowed: tuple[str, ...], where: str, problems: list[str]) -> None:
    """Name every key of ``raw`` outside ``allowed``, with the closest allowed key."""
    for key in raw:
        if key in allowed:
            continue
        near = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        problems.append(f"{where}: unknown key {key!r}{hint}; expected some of {list(allowed)}")


def _list(value, where: str, problems: list[str]) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{where}: expected a list, got {type(value).__name__}")
        return []
    return value


def _season(value, where: str, problems: list[str]) -> int | None:
    """A season: null, or a positive integer."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(f"{where}: season {value!r} is not a positive integer (or null for "
                        "the whole work)")
        return None
    return value


def _works(raw, problems: list[str]) -> dict[str, list[str]]:
    works: dict[str, list[str]] = {}
    for i, work in enumerate(_list(raw, "works", problems)):
        if not isinstance(work, dict) or not work.get("id"):
            problems.append(f"works[{i}]: needs an id")
            continue
        where = f"work {work['id']}"
        _check_keys(work, WORK_KEYS, where, problems)
        names = work.get("aliases")
        if names is not None and not (isinstance(names, list)
                                      and all(isinstance(a, str) for a in names)):
            problems.append(f"{where}: aliases must be a list of names, e.g. aliases: "
                            f"[{names!r}], not {type(names).__name__}")
            names = None
        works[str(work["id"])] = [str(a) for a in names or [work.get("title", "")]]
    return works


def _aliases(raw, problems: list[str]):
    """(variant -> canonical per kind, dated variants per kind), all folded."""
    table: dict[str, dict[str, str]] = {}
    dated: dict[str, dict[str, list]] = {}
    if raw is None:
        return table, dated
    if not isinstance(raw, dict):
        problems.append("aliases: expected a mapping of kind -> canonical -> variants")
        return table, dated
    for kind, mapping in raw.items():
        table[kind], dated[kind] = {}, {}
        if mapping is None:
            continue
        if not isinstance(mapping, dict):
            problems.append(f"aliases.{kind}: expected a mapping of canonical -> variants")
            continue
        for canonical, variants in mapping.items():
            where = f"aliases.{kind}.{canonical}"
            if variants is not None and not isinstance(variants, list):
                problems.append(f"{where}: variants must be a list, not "
                                f"{type(variants).__name__}")
                variants = []
            table[kind][fold(canonical)] = fold(canonical)
            for variant in variants or []:
                if isinstance(variant, dict):
                    _check_keys(variant, ALIAS_VARIANT_KEYS, where, problems)
                    start = _date(variant.get("from"), f"{where}: from", problems)
                    end = _date(variant.get("to"), f"{where}: to", problems)
                    if not variant.get("name"):
                        problems.append(f"{where}: a dated variant needs a name")
                        continue
                    dated[kind].setdefault(fold(variant["name"]), []).append(
                        (fold(canonical), start, end))
                elif isinstance(variant, str | int | float) and not isinstance(variant, bool):
                    table[kind][fold(variant)] = fold(canonical)
                else:
                    problems.append(f"{where}: variant {variant!r} is not a name or "
                                    "{name, from, to}")
    return table, dated


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


def _interval_of(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-MM-DD`` or ``YYYY-MM-DD/YYYY-MM-DD`` as (first, last) day; ValueError if not."""
    parts = text.split("/")
    if len(parts) > 2:
        raise ValueError(text)
    lo, hi = dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[-1])
    if lo > hi:
        raise ValueError(text)
    return lo, hi


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
    spec = attributes.get(attribute) or {}
    if raw.get("value") is None:
        problems.append(f"{where}: missing value (use 'unknown' for a known unknown)")
    if raw.get("status") not in STATUSES:
        problems.append(f"{where}: status {raw.get('status')!r}; expected one of {STATUSES}")
    if raw.get("confidence") not in CONFIDENCES:
        problems.append(f"{where}: confidence {raw.get('confidence')!r}; expected one of "
                        f"{CONFIDENCES}")
    sources = raw.get("sources") or []
    if not isinstance(sources, list) or not sources \
            or not all(isinstance(s, dict) and s.get("url") for s in sources):
        problems.append(f"{where}: needs at least one source with a url")
        sources = sources if isinstance(sources, list) else []
    for s in sources:
        if isinstance(s, dict):
            _date(s.get("date"), f"{where}: source date", problems)
    fact = {k: raw.get(k) for k in FACT_FIELDS}
    for key in DATE_FIELDS:
        fact[key] = _date(raw.get(key), f"{where}: {key}", problems)
    if fact["valid_from"] and fact["valid_to"] and fact["valid_from"] > fact["valid_to"]:
        problems.append(f"{where}: valid_from {fact['valid_from']} is after valid_to "
                        f"{fact['valid_to']}")
    if fact["end_known_from"] and not fact["valid_to"]:
        problems.append(f"{where}: end_known_from needs a valid_to (the end it dates)")
    fact["value"] = _value(raw.get("value"), attribute, attributes, where, problems)
    fact["qualifier"] = _scalar_text(raw.get("qualifier"), f"{where}: qualifier", problems)
    fact["scope"] = _scalar_text(raw.get("scope"), f"{where}: scope", problems)
    fact["window"] = _window(raw.get("window"), where, problems)
    fact["position"] = _position(raw.get("position"), where, problems)
    fact["negated"] = _negated(raw.get("negated"), spec, where, problems)
    for key, kinds in (("scope", ("number",)), ("window", ("number",))):
        if raw.get(key) is not None and spec and spec.get("kind") not in kinds:
            problems.append(f"{where}: {key} applies only to number attributes (viewership, "
                            "chart_position, chart_weeks, ...)")
    if raw.get("position") is not None and spec and attribute != "chart_weeks":
        problems.append(f"{where}: position applies only to chart_weeks")
    fact["season"] = _season(raw.get("season"), where, problems)
    fact["id"] = fid
    return fact


def _scalar_text(value, where: str, problems: list[str]) -> str:
    """A qualifier or scope: one text (or number), '' when absent."""
    if value is None:
        return ""
    if isinstance(value, list | dict | bool):
        problems.append(f"{where}: {value!r} must be a single text; write one fact per "
                        "qualifier instead of a list")
        return ""
    return str(value)


def _window(value, where: str, problems: list[str]) -> tuple[dt.date, dt.date] | None:
    if value is None:
        return None
    try:
        return _interval_of(value.isoformat() if isinstance(value, dt.date) else str(value))
    except ValueError:
        problems.append(f"{where}: window {value!r} is not a date or interval "
                        "(YYYY-MM-DD/YYYY-MM-DD)")
        return None


def _position(value, where: str, problems: list[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(f"{where}: position {value!r} is not a positive integer")
        return None
    return value


def _negated(value, spec: dict, where: str, problems: list[str]) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.append(f"{where}: negated {value!r} must be true or false")
        return False
    if value and spec and spec.get("kind") != "set":
        problems.append(f"{where}: negated applies only to set attributes (cast, director, "
                        "platform, ...)")
    return value


def _value(value, attribute, attributes, where: str, problems: list[str]) -> str:
    spec = attributes.get(attribute) or {}
    kind = spec.get("kind")
    if isinstance(value, list | dict | bool):
        problems.append(f"{where}: value {value!r} is a {type(value).__name__}, expected "
                        f"{_EXPECTED.get(kind, 'one value')}; write one fact per value")
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = "" if value is None else str(value)
    if text == UNKNOWN or not spec:
        return text
    if kind in ("state", "category") and text not in spec.get("values", []):
        problems.append(f"{where}: value {text!r} is not one of {spec.get('values')}")
    if kind == "event":
        try:
            _interval_of(text)
        except ValueError:
            problems.append(f"{where}: value {text!r} is not a date or date interval")
    if kind == "number":
        try:
            float(text)
        except ValueError:
            problems.append(f"{where}: value {text!r} is not a number")
    if kind == "set" and isinstance(value, int | float):
        problems.append(f"{where}: value {value!r} is a number, expected "
                        f"{_EXPECTED['set']}")
    return text


_EXPECTED = {"event": "a date or interval", "number": "a number",
             "set": "a name (text)", "state": "one label", "category": "one label"}


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
    _check_keys(raw, COMPLETE_KEYS, where, problems)
    season = _season(raw.get("season"), where, problems)
    if raw.get("work") not in works:
        problems.append(f"{where}: unknown work {raw.get('work')!r}")
    if raw.get("attribute") not in attributes:
        problems.append(f"{where}: unknown attribute {raw.get('attribute')!r}")
    if not raw.get("sources"):
        problems.append(f"{where}: needs at least one source")
    as_of = _date(raw.get("as_of"), f"{where}: as_of", problems, required=True)
    return {"work": raw.get("work"), "season": season,
            "attribute": raw.get("attribute"), "as_of": as_of}


def coverage(truth: Truth) -> str:
    """What a valid truth covers: facts per work, season and attribute; complete lists;
    facts whose sources carry no date."""
    facts = truth.facts
    lines = [f"{truth.path}: valid; {len(facts)} facts on {len(truth.works)} work(s), "
             f"{len(truth.complete)} complete list(s), evidence to {truth.as_of}", "",
             "facts per work, season and attribute:"]
    season = facts["season"].map(lambda s: "all" if pd.isna(s) else f"S{int(s)}")
    counts = facts.assign(season=season).groupby(["work", "season", "attribute"]).size()
    for (work, season_label, attribute), n in counts.items():
        lines.append(f"  {work:<24} {season_label:<4} {attribute:<20} {n}")
    lines += ["", "complete lists:"]
    for row in truth.complete.itertuples(index=False):
        label = "all seasons" if pd.isna(row.season) else f"S{int(row.season)}"
        lines.append(f"  {row.work} {label} {row.attribute} as of {row.as_of}")
    if truth.complete.empty:
        lines.append("  none")
    undated = [f["id"] for f in facts.to_dict("records")
               if not any(isinstance(s, dict) and s.get("date") for s in f["sources"] or [])]
    lines += ["", f"facts whose sources have no date ({len(undated)}):"]
    lines += [f"  {fid}" for fid in undated] or ["  none"]
    return "\n".join(lines)
