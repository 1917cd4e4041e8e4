"""Rules that must hold on any outlet and topic: who a claim is about, which numbers and
dates are claims at all, cast and crew phrasings, and when a verdict must abstain.

All articles are made up, about a made-up show (*Night Shift*) and made-up people, so
nothing here depends on the seed or benchmark topics.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.dates import find_dates, tense
from analysis.nlp import build_pipeline
from analysis.registry import PARSERS, attributes, dispatch, label
from analysis.verify import NEE, REFUTED, earliest_publication, judge
from test_extract import WORKS, only, paragraph_claims, select, show


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(WORKS)


# --------------------------------------------------------------------------- subjects


def test_platform_of_another_title_is_not_a_claim(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Beyond Night Shift, the casualties include "
                                             "Hulu's Dark Harbor and Peacock's The Ledger.")
    assert select(claims, attribute="platform").empty, show(claims)


def test_platform_possessive_of_the_topic_is_a_claim(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Hulu's Night Shift is back.")
    assert only(claims, attribute="platform")["value"] == "Hulu"


def test_a_career_sentence_marks_its_subject_uncertain(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Lena Fisk, best known for the 2019 film Red "
                                             "Coast, stars as Mara Voss.")
    assert only(claims, attribute="cast")["subject_evidence"] == "document, other work nearby"


def test_season_of_an_unknown_title_is_not_the_topic_season(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Dark Harbor season 2 will stream on Hulu.")
    claim = only(claims, attribute="platform")
    assert pd.isna(claim["season"])
    assert claim["subject_evidence"] == "document, other work nearby"


def test_season_in_another_clause_is_not_taken(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Filming started in February, and Omar Haddad "
                                             "directed the season 3 finale.")
    assert pd.isna(only(claims, attribute="production_period")["season"])


# --------------------------------------------------------------------------- numbers, dates


@pytest.mark.parametrize("sentence", [
    "Four episodes in, Night Shift has found its feet.",
    "Omar Haddad directed the first three episodes of Night Shift.",
    "Lena Fisk popped up in two episodes of Night Shift.",
    "Night Shift premiered with five episodes, and the remaining five followed a week later.",
])
def test_parts_of_a_season_are_not_its_length(tmp_path, nlp, sentence):
    claims = paragraph_claims(tmp_path, nlp, sentence)
    assert select(claims, attribute="episode_count").empty, show(claims)


def test_a_season_length_is_still_read(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "The second season of Night Shift will have "
                                             "all ten episodes at once.")
    assert only(claims, attribute="episode_count")["value"] == "10"


def test_date_of_a_renewal_is_not_a_premiere_date(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Season 2 was renewed in June 2022, a month "
                                             "after season 1 premiered.")
    assert select(claims, attribute="premiere_date").empty, show(claims)
    assert only(claims, attribute="renewal_status")["value"] == "renewed"


def test_past_tense_reads_a_yearless_month_backwards():
    reference = dt.date(2024, 7, 12)
    past = find_dates("Filming wrapped in March.", reference)[0]
    future = find_dates("Filming will wrap in March.", reference)[0]
    assert (past.lo, future.lo) == (dt.date(2024, 3, 1), dt.date(2025, 3, 1))
    assert tense("It premiered and will return.") is None


def test_polar_question_claims_nothing(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Is Night Shift on Hulu?")
    assert claims.empty


# --------------------------------------------------------------------------- cast and crew


def test_cast_list_governed_by_a_verb_after_it(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Lena Fisk, Omar Haddad and Rosa Delgado all "
                                             "return for the second season of Night Shift.")
    assert set(select(claims, attribute="cast")["value"]) == {
        "Lena Fisk", "Omar Haddad", "Rosa Delgado"}


def test_cast_list_with_roles_in_parentheses(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Night Shift stars Lena Fisk (Mara Voss) and "
                                             "Omar Haddad (Teo Brandt).")
    cast = select(claims, attribute="cast")
    assert set(zip(cast["value"], cast["qualifier"], strict=True)) == {
        ("Lena Fisk", "Mara Voss"), ("Omar Haddad", "Teo Brandt")}


def test_producers_in_a_list_are_not_cast(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Executive producers also include Lena Fisk and "
                                             "Omar Haddad, along with Rosa Delgado.")
    assert select(claims, attribute="cast").empty, show(claims)
    assert set(select(claims, attribute="executive_producer")["value"]) == {
        "Lena Fisk", "Omar Haddad", "Rosa Delgado"}


def test_headline_words_are_not_people(tmp_path, nlp):
    claims = paragraph_claims(tmp_path, nlp, "Night Shift Renewed, and New Showrunners Are "
                                             "Taking Over")
    assert select(claims, attribute="showrunner").empty, show(claims)


@pytest.mark.parametrize("sentence, attribute", [
    ("Night Shift was created by Lena Fisk and Omar Haddad.", "creator"),
    ("Lena Fisk and Omar Haddad, the show's co-showrunners, spoke to reporters.", "showrunner"),
    ("Lena Fisk joins Night Shift as co-showrunner.", "showrunner"),
    ("Night Shift is directed and executive produced by Lena Fisk.", "director"),
])
def test_crew_phrasings(tmp_path, nlp, sentence, attribute):
    claims = paragraph_claims(tmp_path, nlp, sentence)
    assert "Lena Fisk" in set(select(claims, attribute=attribute)["value"]), show(claims)


# --------------------------------------------------------------------------- the registry


def test_every_attribute_has_a_parser_label_and_trigger():
    for name, spec in attributes().items():
        assert spec.get("parser") in PARSERS, name
        assert spec.get("triggers"), name
        assert label(name) and label(name) != name, name
    assert {d.parser for d in dispatch()} == set(PARSERS)


# --------------------------------------------------------------------------- abstention


def claim(**fields) -> dict:
    base = {"work": "night-shift", "season": 1, "attribute": "cast", "value": "Ana Ruiz",
            "qualifier": "", "modality": "asserted", "prediction": False,
            "subject_evidence": "work named", "value_text": "Ana Ruiz", "sentence": ""}
    return {**base, **fields}


@pytest.fixture(scope="module")
def small_truth(tmp_path_factory):
    from analysis.truth import load_truth
    from test_verify import TRUTH_YAML  # the small truth of the verification tests
    path = tmp_path_factory.mktemp("truth") / "truth.yaml"
    cast_list = ("complete:\n  - work: night-shift\n    season: 1\n    attribute: cast\n"
                 "    as_of: 2025-03-01\n    sources: [{url: \"https://example.org/cast\"}]\n")
    second_season = ("  - id: ns-s2-cast-bo-lind\n    work: night-shift\n    season: 2\n"
                     "    attribute: cast\n    value: Bo Lind\n    status: confirmed\n"
                     "    confidence: high\n    sources: [{url: \"https://example.org/s2\"}]\n")
    path.write_text(TRUTH_YAML.replace("complete:\n", cast_list, 1) + second_season,
                    encoding="utf-8")
    return load_truth(path)


DAY = dt.date(2025, 6, 1)


def test_refutation_needs_a_certain_subject(small_truth):
    outsider = claim(value="Zed Quill")
    assert judge(outsider, small_truth, DAY)[0] == REFUTED
    doubtful = claim(value="Zed Quill", subject_evidence="document, other work nearby")
    assert judge(doubtful, small_truth, DAY)[0] == NEE


def test_refutation_needs_a_person_for_a_person_attribute(small_truth):
    assert judge(claim(value="Zed Quill"), small_truth, DAY)[0] == REFUTED
    for not_a_person in ("Universal", "Mara Voss"):  # one word; a known character
        assert judge(claim(value=not_a_person), small_truth, DAY)[0] == NEE, not_a_person


def test_a_set_claim_without_season_is_not_refuted_while_a_season_list_is_open(small_truth):
    """Season 1's cast list is complete, season 2's is not: "Zed Quill stars" may be true."""
    assert judge(claim(value="Zed Quill", season=None), small_truth, DAY)[0] == NEE


def test_a_partial_character_name_is_not_refuted(small_truth):
    verdict, _, why = judge(claim(qualifier="Voss"), small_truth, DAY)
    assert verdict == NEE, why


def test_earliest_publication_is_the_last_past_event():
    text = "The show premiered on March 14, 2025. It will return in 2027."
    assert earliest_publication(text, dt.date(2026, 3, 1)) == dt.date(2025, 3, 14)


def test_a_wire_dateline_dates_the_article_and_stays_in_its_sentence(tmp_path):
    from analysis.load import load_corpus

    body = "NEW YORK, May 8, 2023 — Production on Night Shift has stopped.\n"
    (tmp_path / "wire.txt").write_text(body, encoding="utf-8")
    document = load_corpus(tmp_path).iloc[0]
    assert (document["published"], document["date_source"]) == (
        pd.Timestamp("2023-05-08"), "dateline")
    assert document["text"].startswith("NEW YORK, May 8, 2023 —")
