"""Tests of the ground-truth loader (``analysis.truth.load_truth``).

The project truth must load; malformed truth files written to tmp_path must raise
``TruthError`` whose message names the offending fact and field, reporting every problem
at once.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from analysis import config
from analysis.truth import FACT_FIELDS, Truth, TruthError, load_truth

# --------------------------------------------------------------------------- helpers

FACT = {
    "id": "show-s1-premiere",
    "work": "show",
    "season": 1,
    "attribute": "premiere_date",
    "value": "2025-03-14",
    "qualifier": None,
    "valid_from": "2025-03-14",
    "valid_to": None,
    "known_from": "2025-01-10",
    "not_before": None,
    "status": "confirmed",
    "confidence": "high",
    "tolerance": None,
    "sources": [{"url": "https://example.org/premiere", "date": "2025-01-10"}],
    "note": "A made-up fact.",
}


def minimal() -> dict:
    """A minimal valid truth: as_of, one work, aliases and one fact."""
    return {
        "as_of": "2025-12-31",
        "works": [{"id": "show", "title": "Show", "aliases": ["Show"]}],
        "aliases": {"platform": {"StreamCo": ["StreamCo Plus"]}},
        "facts": [copy.deepcopy(FACT)],
    }


def fact(**changes) -> dict:
    out = copy.deepcopy(FACT)
    out.update(changes)
    return out


def write_truth(tmp_path: Path, raw: dict | str, name: str = "truth.yaml") -> Path:
    path = tmp_path / name
    text = raw if isinstance(raw, str) else yaml.safe_dump(raw, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, raw: dict | str) -> TruthError:
    with pytest.raises(TruthError) as info:
        load_truth(write_truth(tmp_path, raw))
    return info.value


# --------------------------------------------------------------------------- project truth


@pytest.fixture(scope="module")
def project_truth() -> Truth:
    return load_truth(config.TRUTH_FILE)


@pytest.fixture(scope="module")
def raw_truth() -> dict:
    return yaml.safe_load(config.TRUTH_FILE.read_text(encoding="utf-8"))


def test_project_truth_loads(project_truth):
    assert isinstance(project_truth.as_of, dt.date)
    assert "ballard" in project_truth.works
    assert list(project_truth.facts.columns) == list(FACT_FIELDS)
    assert len(project_truth.facts) > 50
    assert project_truth.facts["id"].is_unique
    assert set(project_truth.facts["work"]) <= set(project_truth.works)
    assert set(project_truth.facts["attribute"]) <= set(project_truth.attributes)
    assert not project_truth.complete.empty


def test_project_truth_every_fact_has_a_source_with_url(project_truth, raw_truth):
    for sources, fid in zip(project_truth.facts["sources"], project_truth.facts["id"],
                            strict=True):
        assert sources, fid
        assert any(isinstance(s, dict) and s.get("url") for s in sources), fid
    # The raw YAML too, independently of the loader.
    raw_facts = raw_truth["facts"]
    assert len(raw_facts) == len(project_truth.facts)
    for raw in raw_facts:
        urls = [s.get("url") for s in raw.get("sources") or [] if isinstance(s, dict)]
        assert urls and all(isinstance(u, str) and u.startswith("http") for u in urls), \
            raw.get("id")


def test_project_truth_aliases_resolve(project_truth):
    assert project_truth.canonical("platform", "Amazon Prime Video") == "prime video"
    # canonical forms are folded: accents removed, case folded
    assert project_truth.canonical("character", "Det. Renée Ballard") == "renee ballard"
    assert project_truth.canonical("platform", "Nobody TV") == "nobody tv"


def test_project_truth_dates_are_dates(project_truth):
    for key in ("valid_from", "valid_to", "known_from", "not_before"):
        values = [v for v in project_truth.facts[key] if v is not None]
        assert all(isinstance(v, dt.date) for v in values), key


# --------------------------------------------------------------------------- valid minimal


def test_minimal_truth_loads(tmp_path):
    truth = load_truth(write_truth(tmp_path, minimal()))
    assert truth.as_of == dt.date(2025, 12, 31)
    assert truth.works == {"show": ["Show"]}
    row = truth.facts.iloc[0]
    assert row["id"] == "show-s1-premiere"
    assert row["value"] == "2025-03-14"
    assert row["valid_from"] == dt.date(2025, 3, 14)
    assert row["known_from"] == dt.date(2025, 1, 10)
    assert row["qualifier"] == ""
    assert truth.canonical("platform", "streamco plus") == "streamco"


# --------------------------------------------------------------------------- malformed facts


def assert_named(err: TruthError, *words: str) -> None:
    """Some single problem names every word (fact id and field), and so does the message."""
    assert any(all(w in p for w in words) for p in err.problems), err.problems
    for word in words:
        assert word in str(err)


def test_unknown_attribute(tmp_path):
    raw = minimal()
    raw["facts"][0]["attribute"] = "hair_colour"
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "attribute", "hair_colour")


def test_bad_date(tmp_path):
    """An unquoted impossible date, as a curator would type it."""
    raw = minimal()
    text = yaml.safe_dump(raw, sort_keys=False).replace("valid_from: '2025-03-14'",
                                                        "valid_from: 2025-13-45")
    assert "valid_from: 2025-13-45" in text
    err = problems_of(tmp_path, text)
    assert_named(err, "show-s1-premiere", "valid_from", "2025-13-45")


def test_bad_date_quoted(tmp_path):
    raw = minimal()
    raw["facts"][0]["valid_from"] = "2025-13-45"
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "valid_from", "2025-13-45")


def test_bad_source_date(tmp_path):
    raw = minimal()
    raw["facts"][0]["sources"][0]["date"] = "last week"
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "source date", "last week")


def test_missing_source(tmp_path):
    raw = minimal()
    del raw["facts"][0]["sources"]
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "source")


def test_source_without_url(tmp_path):
    raw = minimal()
    raw["facts"][0]["sources"] = [{"date": "2025-01-10"}]
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "url")


def test_duplicate_id(tmp_path):
    raw = minimal()
    raw["facts"].append(fact(season=2, value="2026-03-14", valid_from="2026-03-14"))
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "duplicate id")


def renewal(fid: str, value: str, valid_from: str, valid_to: str | None) -> dict:
    return fact(id=fid, season=2, attribute="renewal_status", value=value,
                valid_from=valid_from, valid_to=valid_to, known_from=valid_from)


def test_contradiction_over_overlapping_intervals(tmp_path):
    raw = minimal()
    raw["facts"] += [renewal("show-undecided", "undecided", "2025-03-14", "2025-07-31"),
                     renewal("show-renewed", "renewed", "2025-07-01", None)]
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-undecided", "show-renewed", "renewal_status", "contradict")


def test_no_contradiction_when_intervals_are_disjoint(tmp_path):
    raw = minimal()
    raw["facts"] += [renewal("show-undecided", "undecided", "2025-03-14", "2025-06-30"),
                     renewal("show-renewed", "renewed", "2025-07-01", None)]
    truth = load_truth(write_truth(tmp_path, raw))
    assert len(truth.facts) == 3


def test_no_contradiction_when_one_is_only_reported(tmp_path):
    raw = minimal()
    raw["facts"] += [renewal("show-undecided", "undecided", "2025-03-14", "2025-07-31"),
                     {**renewal("show-renewed", "renewed", "2025-07-01", None),
                      "status": "reported"}]
    assert len(load_truth(write_truth(tmp_path, raw)).facts) == 3


def test_unknown_work(tmp_path):
    raw = minimal()
    raw["facts"][0]["work"] = "no-such-show"
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "work", "no-such-show")


def test_value_not_in_allowed_values(tmp_path):
    raw = minimal()
    raw["facts"].append(fact(id="show-renewal", season=2, attribute="renewal_status",
                             value="maybe"))
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-renewal", "value", "maybe")


def test_value_unknown_is_allowed_for_a_state(tmp_path):
    raw = minimal()
    raw["facts"].append(fact(id="show-renewal", season=2, attribute="renewal_status",
                             value="unknown"))
    assert len(load_truth(write_truth(tmp_path, raw)).facts) == 2


@pytest.mark.parametrize(("attribute", "value"), [("premiere_date", "soon"),
                                                  ("episode_count", "eight")])
def test_value_of_wrong_kind(tmp_path, attribute, value):
    raw = minimal()
    raw["facts"][0].update(attribute=attribute, value=value)
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "value", value)


def test_bad_status_and_confidence(tmp_path):
    raw = minimal()
    raw["facts"][0].update(status="rumoured", confidence="sky-high")
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "status", "rumoured")
    assert_named(err, "show-s1-premiere", "confidence", "sky-high")


def test_valid_from_after_valid_to(tmp_path):
    raw = minimal()
    raw["facts"][0]["valid_to"] = "2025-01-01"
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "valid_from", "valid_to")


def test_unknown_field(tmp_path):
    raw = minimal()
    raw["facts"][0]["colour"] = "blue"
    err = problems_of(tmp_path, raw)
    assert_named(err, "show-s1-premiere", "colour")


def test_several_problems_reported_at_once(tmp_path):
    raw = minimal()
    raw["facts"][0]["attribute"] = "hair_colour"
    raw["facts"].append(fact(id="second", work="no-such-show"))
    raw["facts"].append(fact(id="third", sources=[]))
    err = problems_of(tmp_path, raw)
    assert len(err.problems) >= 3
    assert_named(err, "show-s1-premiere", "attribute")
    assert_named(err, "second", "work")
    assert_named(err, "third", "source")
    assert f"{len(err.problems)} problem(s)" in str(err)


def test_missing_as_of(tmp_path):
    raw = minimal()
    del raw["as_of"]
    err = problems_of(tmp_path, raw)
    assert_named(err, "as_of")


def test_incomplete_complete_list(tmp_path):
    raw = minimal()
    raw["complete"] = [{"work": "nope", "season": 1, "attribute": "platform",
                        "as_of": "2025-03-01"}]
    err = problems_of(tmp_path, raw)
    assert_named(err, "complete[0]", "nope")
    assert_named(err, "complete[0]", "source")


# --------------------------------------------------------------------------- unreadable files


def test_missing_file(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(TruthError) as info:
        load_truth(path)
    assert str(path) in str(info.value)
    assert info.value.problems


def test_invalid_yaml(tmp_path):
    err = problems_of(tmp_path, "as_of: 2025-01-01\nfacts: [unclosed\n  - id: x: y\n")
    assert any("YAML" in p for p in err.problems)


def test_not_a_mapping(tmp_path):
    err = problems_of(tmp_path, "- just\n- a list\n")
    assert err.problems


def test_truth_error_is_a_value_error():
    assert issubclass(TruthError, ValueError)
