"""Tests of the extended ground-truth format: each new feature and the verdict it enables
(two-part release, chart scope and window, negative facts, ended set membership, dated
aliases, ``end_known_from``), the structural checks of ``load_truth``, the ``truth check``
command, and that the bundled and benchmark truths load and judge as before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.cli import EXIT_OK, EXIT_USAGE, main
from analysis.truth import Truth, TruthError, load_truth
from analysis.verify import NEE, PENDING, REFUTED, SUPPORTED, judge

BENCHMARKS = config.DATA_DIR / "benchmarks"
TRUTH_FILES = [config.TRUTH_FILE, BENCHMARKS / "severance" / "truth.yaml",
               BENCHMARKS / "lincoln-lawyer" / "truth.yaml"]

FORMAT_YAML = """\
title: "Harbor Lights: a made-up show"
as_of: 2026-03-01
works:
  - {id: harbor, title: "Harbor Lights", aliases: ["Harbor Lights"]}
aliases:
  platform:
    "StreamCo":
      - "StreamCo Plus"
      - {name: "Stream", from: 2025-10-15}
  scope:
    "StreamCo Top 10 (English TV)": ["StreamCo", "StreamCo's English TV list"]
    "Nielsen streaming originals": ["Nielsen originals chart"]
complete:
  - {work: harbor, season: 3, attribute: director, as_of: 2025-09-01,
     sources: [{url: "https://example.org/s3-directors", date: 2025-09-01}]}
facts:
  - {id: s2-pattern, work: harbor, season: 2, attribute: release_pattern, value: two_part,
     status: confirmed, confidence: high, sources: [{url: "https://example.org/s2"}]}
  - {id: s2-part-1, work: harbor, season: 2, attribute: premiere_date, value: 2023-07-06,
     known_from: 2023-06-06, status: confirmed, confidence: high,
     sources: [{url: "https://example.org/s2", date: 2023-06-06}]}
  - {id: s2-part-2, work: harbor, season: 2, attribute: premiere_date, value: 2023-08-03,
     qualifier: part 2, known_from: 2023-06-06, status: confirmed, confidence: high,
     sources: [{url: "https://example.org/s2", date: 2023-06-06}]}
  - {id: s3-premiere, work: harbor, season: 3, attribute: premiere_date, value: 2024-10-17,
     status: confirmed, confidence: high, sources: [{url: "https://example.org/s3"}]}
  - {id: s4-chart-week-1, work: harbor, season: 4, attribute: chart_position, value: 3,
     scope: "StreamCo Top 10 (English TV)", window: 2026-02-02/2026-02-08,
     known_from: 2026-02-10, status: confirmed, confidence: high,
     sources: [{url: "https://example.org/top10-w1", date: 2026-02-10}]}
  - {id: s4-chart-week-2, work: harbor, season: 4, attribute: chart_position, value: 1,
     scope: "StreamCo Top 10 (English TV)", window: 2026-02-09/2026-02-15,
     known_from: 2026-02-17, status: confirmed, confidence: high,
     sources: [{url: "https://example.org/top10-w2", date: 2026-02-17}]}
  - {id: s4-weeks-at-1, work: harbor, season: 4, attribute: chart_weeks, value: 1,
     scope: "StreamCo Top 10 (English TV)", position: 1, status: confirmed,
     confidence: high, sources: [{url: "https://example.org/top10-w2"}]}
  - {id: s4-views, work: harbor, season: 4, attribute: viewership, value: 9000000,
     qualifier: views, scope: "StreamCo global", window: 2026-02-02/2026-02-08,
     status: confirmed, confidence: high, sources: [{url: "https://example.org/top10-w1"}]}
  - {id: s3-director-not-lee, work: harbor, season: 3, attribute: director, value: "Sam Lee",
     negated: true, known_from: 2025-08-18, status: confirmed, confidence: high,
     sources: [{url: "https://example.org/lee-steps-back", date: 2025-08-18}]}
  - {id: director-sam-lee, work: harbor, season: null, attribute: director,
     value: "Sam Lee", status: confirmed, confidence: high,
     sources: [{url: "https://example.org/lee"}]}
  - {id: showrunner-kim-park, work: harbor, season: null, attribute: showrunner,
     value: "Kim Park", valid_to: 2024-03-01, end_known_from: 2024-06-01,
     status: confirmed, confidence: high,
     sources: [{url: "https://example.org/park-exits", date: 2024-06-01}]}
  - {id: s1-platform, work: harbor, season: 1, attribute: platform, value: StreamCo,
     status: confirmed, confidence: high, sources: [{url: "https://example.org/platform"}]}
  - {id: s5-in-development, work: harbor, season: 5, attribute: renewal_status,
     value: in_development, valid_from: 2025-01-01, valid_to: 2025-05-31,
     end_known_from: 2025-09-01, status: confirmed, confidence: high,
     sources: [{url: "https://example.org/room"}]}
  - {id: s5-ordered, work: harbor, season: 5, attribute: renewal_status, value: renewed,
     valid_from: 2025-06-01, known_from: 2025-09-01, status: confirmed, confidence: high,
     sources: [{url: "https://example.org/renewed", date: 2025-09-01}]}
  - {id: creator-kim-park, work: harbor, season: null, attribute: creator, value: "Kim Park",
     status: confirmed, confidence: high, sources: [{url: "https://example.org/created"}]}
"""


@pytest.fixture(scope="module")
def truth(tmp_path_factory) -> Truth:
    path = tmp_path_factory.mktemp("format") / "harbor.yaml"
    path.write_text(FORMAT_YAML, encoding="utf-8")
    return load_truth(path)


def verdict(truth: Truth, attribute: str, value: str, on: str, season: int | None = None,
            qualifier: str = "", modality: str = "asserted", window: str = "") -> str:
    claim = {"work": "harbor", "season": season, "attribute": attribute, "value": value,
             "qualifier": qualifier, "modality": modality, "prediction": False,
             "subject_evidence": "work named", "value_text": str(value),
             "date_lo": pd.NaT, "date_hi": pd.NaT}
    if window:
        lo, _, hi = window.partition("/")
        claim["date_lo"], claim["date_hi"] = pd.Timestamp(lo), pd.Timestamp(hi or lo)
    return judge(claim, truth, dt.date.fromisoformat(on))[0]


# --------------------------------------------------------------------------- new features


def test_two_part_release(truth):
    assert verdict(truth, "release_pattern", "two_part", "2023-09-01", season=2) == SUPPORTED
    assert verdict(truth, "release_pattern", "all_at_once", "2023-09-01", season=2) == REFUTED
    # the second part's date is a premiere of the season, not a miss of the first
    assert verdict(truth, "premiere_date", "2023-08-03", "2023-07-01", season=2) == SUPPORTED
    assert verdict(truth, "premiere_date", "2023-08-03", "2023-07-01", season=2,
                   qualifier="part 2") == SUPPORTED
    assert verdict(truth, "premiere_date", "2023-07-06", "2023-07-01", season=2,
                   qualifier="part 2") == REFUTED


def test_chart_claim_with_window_and_scope(truth):
    debut, week_2 = "2026-02-02/2026-02-08", "2026-02-09/2026-02-15"
    # "debuted at No. 1": the later No. 1 no longer supports it; the debut week refutes it
    assert verdict(truth, "chart_position", "1", "2026-02-20", season=4, qualifier="StreamCo",
                   window=debut) == REFUTED
    assert verdict(truth, "chart_position", "1", "2026-02-20", season=4, qualifier="StreamCo",
                   window=week_2) == SUPPORTED
    # another chart: the StreamCo figures say nothing about it
    assert verdict(truth, "chart_position", "1", "2026-02-20", season=4,
                   qualifier="Nielsen originals chart", window=debut) == NEE
    # no window named: No. 1 happened, No. 2 cannot be refuted by a week it may not mean
    assert verdict(truth, "chart_position", "1", "2026-02-20", season=4,
                   qualifier="StreamCo") == SUPPORTED
    assert verdict(truth, "chart_position", "2", "2026-02-20", season=4,
                   qualifier="StreamCo") == NEE


def test_chart_weeks_position_and_views_unit(truth):
    assert verdict(truth, "chart_weeks", "1", "2026-02-20", season=4,
                   qualifier="StreamCo") == SUPPORTED
    # weeks at which position? the claim does not say, so a different count is not refuted
    assert verdict(truth, "chart_weeks", "2", "2026-02-20", season=4,
                   qualifier="StreamCo") == NEE
    assert verdict(truth, "viewership", "9000000", "2026-02-20", season=4,
                   qualifier="views") == SUPPORTED
    assert verdict(truth, "viewership", "9000000", "2026-02-20", season=4,
                   qualifier="hours") == NEE


def test_negative_fact(truth):
    assert verdict(truth, "director", "Sam Lee", "2025-09-01", season=3) == REFUTED
    assert verdict(truth, "director", "Sam Lee", "2025-09-01", season=3,
                   modality="negated") == SUPPORTED
    # before the negative fact was public the work-level fact still supports him
    assert verdict(truth, "director", "Sam Lee", "2025-08-01", season=3) == SUPPORTED
    # and it says nothing about other seasons
    assert verdict(truth, "director", "Sam Lee", "2025-09-01", season=2) == SUPPORTED


def test_ended_set_membership(truth):
    # Kim Park left on 2024-03-01: still the showrunner of season 2 (2023), not of season 3
    assert verdict(truth, "showrunner", "Kim Park", "2025-01-01", season=2) == SUPPORTED
    assert verdict(truth, "showrunner", "Kim Park", "2025-01-01", season=3) == REFUTED
    assert verdict(truth, "showrunner", "Kim Park", "2025-01-01") == NEE
    # season 6 has no known start: it may have begun before the exit
    assert verdict(truth, "showrunner", "Kim Park", "2025-01-01", season=6) == NEE


def test_known_from_for_an_end(truth):
    # the exit (2024-03-01) was reported on 2024-06-01: in between, Park still counts
    assert verdict(truth, "showrunner", "Kim Park", "2024-04-15", season=3) == SUPPORTED
    assert verdict(truth, "showrunner", "Kim Park", "2024-07-01", season=3) == REFUTED
    # a state: "still in development" written in July 2025 was true as far as anyone knew
    assert verdict(truth, "renewal_status", "in_development", "2025-07-01", season=5) \
        == SUPPORTED
    assert verdict(truth, "renewal_status", "in_development", "2025-10-01", season=5) \
        == REFUTED
    assert verdict(truth, "renewal_status", "undecided", "2025-07-01", season=5) == NEE


def test_time_scoped_alias(truth):
    # "Stream" names the platform only from its rename on 2025-10-15
    assert verdict(truth, "platform", "Stream", "2025-11-01", season=1) == SUPPORTED
    assert verdict(truth, "platform", "Stream", "2025-01-01", season=1) == NEE
    assert verdict(truth, "platform", "StreamCo Plus", "2025-01-01", season=1) == SUPPORTED


def test_creator_and_ordered_state(truth):
    assert verdict(truth, "creator", "Kim Park", "2025-01-01") == SUPPORTED
    assert verdict(truth, "renewal_status", "ordered", "2025-10-01", season=5) == NEE


# --------------------------------------------------------------------------- structure


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "truth.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TruthError) as info:
        load_truth(path)
    assert str(path) in str(info.value)
    return info.value.problems


TYPOS = {
    "fact-instead-of-facts": (("facts:\n", "fact:\n"), ["unknown key 'fact'", "'facts'"]),
    "unknown-top-level-key": (("complete:\n", "completed:\n"), ["unknown key 'completed'"]),
    "season-not-a-number": (("season: 2, attribute: release_pattern",
                             "season: two, attribute: release_pattern"),
                            ["fact s2-pattern", "season 'two' is not a positive integer"]),
    "season-zero": (("season: 3, attribute: premiere_date", "season: 0, attribute: premiere_date"),
                    ["fact s3-premiere", "season 0"]),
    "work-aliases-string": (('aliases: ["Harbor Lights"]', 'aliases: "Harbor Lights"'),
                            ["work harbor", "aliases must be a list"]),
    "value-wrong-type": (('value: "Kim Park",\n     status',
                          'value: [Kim Park, Jo Lee],\n     status'),
                         ["fact creator-kim-park", "value"]),
    "qualifier-list": (("qualifier: part 2", "qualifier: [part 2, part 3]"),
                       ["fact s2-part-2", "qualifier"]),
    "number-as-person": (('value: "Sam Lee",\n     negated', 'value: 42,\n     negated'),
                         ["fact s3-director-not-lee", "is a number"]),
}


@pytest.mark.parametrize("name", sorted(TYPOS))
def test_structural_typo_is_rejected(tmp_path, name):
    (old, new), expected = TYPOS[name]
    assert FORMAT_YAML.count(old) == 1
    found = "\n".join(problems(tmp_path, FORMAT_YAML.replace(old, new)))
    for text in expected:
        assert text in found, found


def test_every_typo_reported_at_once(tmp_path):
    text = FORMAT_YAML
    for (old, new), _ in TYPOS.values():
        if old != "facts:\n":
            text = text.replace(old, new)
    assert len(problems(tmp_path, text)) >= len(TYPOS) - 1


def test_fact_typo_would_otherwise_refute_a_true_showrunner(tmp_path):
    """The typo ``fact:`` leaves a complete list and no facts: it must not load at all."""
    text = FORMAT_YAML.replace("facts:\n", "fact:\n")
    assert any("facts: missing" in p for p in problems(tmp_path, text))


@pytest.mark.parametrize("field, value, message", [
    ("window", "2026-02-09/2026-02-02", "window"),
    ("position", "0", "position"),
    ("negated", "yes please", "negated"),
    ("end_known_from", "2024-06-01", "end_known_from needs a valid_to"),
])
def test_new_fields_are_checked(tmp_path, field, value, message):
    text = FORMAT_YAML.replace(
        "  - {id: creator-kim-park, work: harbor, season: null, attribute: creator,",
        f"  - {{id: creator-kim-park, work: harbor, season: null, attribute: creator, "
        f"{field}: {value},")
    assert any(message in p and "creator-kim-park" in p for p in problems(tmp_path, text))


def test_dated_alias_checked(tmp_path):
    text = FORMAT_YAML.replace('{name: "Stream", from: 2025-10-15}',
                               '{name: "Stream", from: 2025-10-45}')
    assert any("aliases.platform.StreamCo" in p and "from" in p for p in problems(tmp_path, text))


# --------------------------------------------------------------------------- existing files


@pytest.mark.parametrize("path", TRUTH_FILES, ids=lambda p: p.parent.name)
def test_truth_check_accepts_the_project_truths(path, capsys):
    assert main(["truth", "check", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "valid" in out and "complete lists:" in out and "sources have no date" in out


def test_truth_check_lists_every_problem_of_a_broken_copy(tmp_path, capsys):
    text = (BENCHMARKS / "severance" / "truth.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("facts:\n", "fact:\n").replace("title:", "titel:", 1),
                      encoding="utf-8")
    assert main(["truth", "check", str(broken)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert str(broken) in err and "'fact'" in err and "'titel'" in err
    assert "Traceback" not in err


def test_benchmark_verdicts_unchanged():
    """Claims judged on the benchmark corpora keep the verdicts of the committed snapshot."""
    expected = pd.read_csv(Path(__file__).parent / "data" / "benchmark-verdicts.csv",
                           dtype={"season": "Int64"}, keep_default_na=False,
                           na_values={"season": [""]})
    truths = {topic: load_truth(BENCHMARKS / topic / "truth.yaml")
              for topic in expected["topic"].unique()}
    wrong = []
    for row in expected.itertuples(index=False):
        claim = {"work": row.work, "season": row.season, "attribute": row.attribute,
                 "value": str(row.value), "qualifier": row.qualifier,
                 "modality": row.modality, "prediction": bool(row.prediction),
                 "subject_evidence": row.subject_evidence, "value_text": str(row.value_text)}
        got, ids, _ = judge(claim, truths[row.topic], dt.date.fromisoformat(row.as_of))
        if (got, ";".join(ids)) != (row.verdict, row.fact_ids):
            wrong.append(f"{row}: {got} {ids}")
    assert len(expected) > 400
    assert not wrong, "\n".join(wrong[:10])


def test_pending_unaffected_by_new_fields(truth):
    assert verdict(truth, "premiere_date", "2027-01-01", "2026-01-01", season=9) == PENDING


def snapshot_benchmark_verdicts(out: Path) -> None:
    """Write the judgements ``test_benchmark_verdicts_unchanged`` compares with.

    Run (``python tests/test_truth_format.py``) only when a change of verdicts on the
    benchmark corpora is intended.
    """
    from analysis.pipeline import run

    rows = []
    for topic in ("severance", "lincoln-lawyer"):
        corpus = BENCHMARKS / topic
        results = run(config.Settings(corpus=corpus / "articles", truth=corpus / "truth.yaml"))
        published = dict(zip(results.documents["doc_id"], results.documents["published"],
                             strict=True))
        for claim in results.claims.to_dict("records"):
            date = published.get(claim["doc_id"])
            own = results.truth.as_of if date is None or pd.isna(date) else date.date()
            for as_of in (own, results.truth.as_of):
                got, ids, _ = judge(claim, results.truth, as_of)
                rows.append({"topic": topic, **{k: claim[k] for k in (
                    "work", "season", "attribute", "value", "qualifier", "modality",
                    "prediction", "subject_evidence", "value_text")},
                    "as_of": as_of.isoformat(), "verdict": got, "fact_ids": ";".join(ids)})
    pd.DataFrame(rows).drop_duplicates().to_csv(out, index=False, lineterminator="\n")


if __name__ == "__main__":
    snapshot_benchmark_verdicts(Path(__file__).parent / "data" / "benchmark-verdicts.csv")
