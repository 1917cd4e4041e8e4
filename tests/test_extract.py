"""Tests of claim extraction (``analysis.extract``, with ``analysis.dates`` and
``analysis.modality``).

Two kinds of input: the seed articles (session fixtures from ``conftest.py``) and tiny
made-up articles about a made-up show, *Night Shift*, written to ``tmp_path`` and loaded
with ``load_corpus``, to show that nothing depends on the seed topic or on knowing the
people in advance.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.dates import find_dates
from analysis.extract import extract_claims
from analysis.load import load_corpus
from analysis.nlp import build_pipeline

WORKS = {"night-shift": ["Night Shift"]}
AS_OF = dt.date(2026, 3, 5)
PUBLISHED = dt.date(2025, 7, 12)
# Every made-up article opens with this paragraph. It holds a date claim, so that the
# tests below check their own behaviour whatever happens to articles without any date
# claim (see test_article_without_date_claims).
INTRO = "Night Shift is a police drama that first premiered in July 2024."


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def made_up_nlp():
    """A pipeline that knows only the made-up work ``night-shift``."""
    return build_pipeline(WORKS)


def write_article(folder: Path, body: str, *, name: str = "article",
                  dateline: bool = False) -> None:
    """Write ``body`` with a ``date:`` header block (or a `` date ... `` dateline)."""
    folder.mkdir(parents=True, exist_ok=True)
    head = f" date {PUBLISHED} " if dateline else f"date: {PUBLISHED}\n\n"
    (folder / f"{name}.txt").write_text(head + body + "\n", encoding="utf-8")


def paragraph_claims(folder: Path, nlp, paragraph: str, *, dateline: bool = False):
    """The claims of ``paragraph`` in an article made of INTRO and ``paragraph``."""
    write_article(folder, f"{INTRO}\n\n{paragraph}", dateline=dateline)
    docs = load_corpus(folder)
    assert docs["status"].tolist() == ["ok"], docs["problem"].tolist()
    claims = extract_claims(docs, nlp, AS_OF)
    offset = docs["text"].iloc[0].index(paragraph)
    return claims[claims["start"] >= offset]


def select(claims: pd.DataFrame, **fields) -> pd.DataFrame:
    """Rows of ``claims`` whose columns equal ``fields``."""
    mask = pd.Series(True, index=claims.index)
    for column, value in fields.items():
        mask &= claims[column] == value
    return claims[mask]


def show(claims: pd.DataFrame) -> str:
    columns = ["doc_id", "work", "season", "attribute", "value", "qualifier", "value_text",
               "modality", "certainty", "attribution", "prediction"]
    return "\n" + claims[columns].to_string()


def only(claims: pd.DataFrame, **fields) -> pd.Series:
    """The single claim matching ``fields``; fails listing all claims otherwise."""
    found = select(claims, **fields)
    assert len(found) == 1, f"expected one claim with {fields}, found {len(found)}:{show(claims)}"
    return found.iloc[0]


# --------------------------------------------------------------------------- seed articles


def seed(claims: pd.DataFrame, prefix: str) -> pd.DataFrame:
    found = claims[claims["doc_id"].str.startswith(prefix)]
    assert len(found), f"no claims for seed {prefix}"
    return found


@pytest.mark.parametrize("fields", [
    {"attribute": "platform", "value": "Netflix", "work": "ballard"},
    {"attribute": "episode_count", "value": "8", "season": 1},
    {"attribute": "premiere_date", "value": "2024-07-01/2024-07-31", "work": "ballard"},
    {"attribute": "premiere_date", "value": "2026-01-01/2026-04-30", "season": 2},
    {"attribute": "cast", "value": "Tessa Thompson"},
    {"attribute": "cast", "value": "John Cho"},
    {"attribute": "cast", "value": "Jamie Chung", "qualifier": "Lila Nguyen"},
    {"attribute": "showrunner", "value": "Ted Humphrey", "work": "ballard"},
    {"attribute": "showrunner", "value": "Dailyn Rodriguez", "work": "ballard"},
], ids=lambda f: f"{f['attribute']}={f['value']}")
def test_seed_004_claims(seed_claims, fields):
    claims = seed(seed_claims, "004_")
    assert len(select(claims, **fields)) >= 1, f"no claim with {fields}:{show(claims)}"


def test_seed_004_early_2026_premiere_has_date_bounds(seed_claims):
    claims = select(seed(seed_claims, "004_"), attribute="premiere_date",
                    value="2026-01-01/2026-04-30", season=2)
    assert len(claims) >= 1
    assert (claims["date_lo"] == pd.Timestamp("2026-01-01")).all()
    assert (claims["date_hi"] == pd.Timestamp("2026-04-30")).all()


def test_seed_001_hedged_renewal_attributed_to_deadline(seed_claims):
    claims = seed(seed_claims, "001_")
    found = select(claims, attribute="renewal_status", value="renewed", modality="hedged",
                   attribution="Deadline")
    assert len(found) >= 1, show(claims)


# --------------------------------------------------------------------------- ids and offsets


def test_claim_ids_are_stable_across_runs(seed_documents, truth, seed_claims):
    first = extract_claims(seed_documents, build_pipeline(truth.works), truth.as_of)
    second = extract_claims(seed_documents, build_pipeline(truth.works), truth.as_of)
    assert len(first) > 50
    assert first["claim_id"].tolist() == second["claim_id"].tolist()
    assert first["claim_id"].tolist() == seed_claims["claim_id"].tolist()
    pd.testing.assert_frame_equal(first, second)


def test_claim_ids_are_unique(seed_claims):
    assert len(seed_claims) > 50
    duplicated = seed_claims[seed_claims["claim_id"].duplicated(keep=False)]
    assert duplicated.empty, show(duplicated)


def test_value_text_is_the_cleaned_text_at_the_offsets(seed_documents, seed_claims):
    texts = dict(zip(seed_documents["doc_id"], seed_documents["text"], strict=True))
    bad = [(c.doc_id, c.value_text, texts[c.doc_id][c.start:c.end])
           for c in seed_claims.itertuples() if texts[c.doc_id][c.start:c.end] != c.value_text]
    assert not bad
    assert (seed_claims["start"] < seed_claims["end"]).all()


def test_offsets_index_the_text_without_header_or_dateline(tmp_path, made_up_nlp):
    body = "Night Shift premieres on Hulu in the fall of 2026."
    write_article(tmp_path / "header", body)
    write_article(tmp_path / "dateline", body, dateline=True)
    for folder in ("header", "dateline"):
        docs = load_corpus(tmp_path / folder)
        text = docs["text"].iloc[0]
        assert text.startswith("Night Shift")
        claims = extract_claims(docs, made_up_nlp, AS_OF)
        assert {"platform", "premiere_date"} <= set(claims["attribute"]), show(claims)
        for c in claims.itertuples():
            assert text[c.start:c.end] == c.value_text


# --------------------------------------------------------------------------- people


@pytest.mark.parametrize("works", [WORKS, {}], ids=["made-up-work", "no-works"])
def test_new_cast_members_not_known_in_advance(tmp_path, works):
    claims = paragraph_claims(
        tmp_path, build_pipeline(works),
        "New cast members include Priya Raman as a crusading journalist and Tomasz Kowal as a "
        "tech mogul.")
    cast = select(claims, attribute="cast")
    assert set(cast["value"]) == {"Priya Raman", "Tomasz Kowal"}, show(claims)
    # a description is not a character's name
    assert set(cast["qualifier"]) == {""}


def test_character_then_actor_in_parentheses(tmp_path, made_up_nlp):
    claims = paragraph_claims(tmp_path, made_up_nlp,
                              "Detective Ada Quinlan (Rosa Delgado) joins the team.")
    claim = only(claims, attribute="cast")
    assert (claim["value"], claim["qualifier"]) == ("Rosa Delgado", "Ada Quinlan")
    assert claim["work"] == "night-shift"


def test_showrunners_listed_together(tmp_path, made_up_nlp):
    claims = paragraph_claims(tmp_path, made_up_nlp,
                              "Showrunners Lena Fisk and Omar Haddad have promised more twists "
                              "for Night Shift.")
    showrunners = select(claims, attribute="showrunner")
    assert sorted(showrunners["value"]) == ["Lena Fisk", "Omar Haddad"], show(claims)
    assert set(showrunners["work"]) == {"night-shift"}


def test_article_without_date_claims(tmp_path, made_up_nlp):
    """A made-up article whose only claims are cast claims (no date-valued claim at all)."""
    write_article(tmp_path, "New cast members include Priya Raman as a crusading journalist "
                            "and Tomasz Kowal as a tech mogul.")
    claims = extract_claims(load_corpus(tmp_path), made_up_nlp, AS_OF)
    assert sorted(select(claims, attribute="cast")["value"]) == ["Priya Raman", "Tomasz Kowal"]
    assert claims["date_lo"].isna().all() and claims["date_hi"].isna().all()


# --------------------------------------------------------------------------- dates


def test_next_year_resolves_against_the_dateline(tmp_path, made_up_nlp):
    write_article(tmp_path, f"{INTRO}\n\nA second season could air next year.", dateline=True)
    docs = load_corpus(tmp_path)
    assert docs["date_source"].iloc[0] == "dateline"
    assert docs["published"].iloc[0] == pd.Timestamp(PUBLISHED)
    claims = extract_claims(docs, made_up_nlp, AS_OF)
    claim = only(claims, attribute="premiere_date", value="2026-01-01/2026-12-31")
    assert claim["value_text"] == "next year"
    assert claim["modality"] == "hedged"
    assert bool(claim["prediction"]) is True
    assert claim["season"] == 2


def test_the_fall_of_a_year(tmp_path, made_up_nlp):
    claims = paragraph_claims(tmp_path, made_up_nlp,
                              "The second season will premiere in the fall of 2026.")
    claim = only(claims, attribute="premiere_date")
    assert claim["value"] == "2026-09-01/2026-11-30"
    assert bool(claim["prediction"]) is True


def test_undated_article_resolves_against_as_of(tmp_path, made_up_nlp):
    (tmp_path / "undated.txt").write_text("Night Shift returns next year.\n", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert pd.isna(docs["published"].iloc[0])
    claims = extract_claims(docs, made_up_nlp, AS_OF)
    assert only(claims, attribute="premiere_date")["value"] == "2027-01-01/2027-12-31"


REFERENCE = dt.date(2025, 7, 12)


@pytest.mark.parametrize(("sentence", "expression", "value"), [
    ("The finale airs July 9.", "July 9", "2025-07-09"),
    ("Expect it in early 2026.", "early 2026", "2026-01-01/2026-04-30"),
    ("It arrives later this year.", "later this year", "2025-07-12/2025-12-31"),
    ("More news in the coming months.", "in the coming months", "2025-07-12/2026-01-12"),
    ("Filming ran between July and November 2024.", "between July and November 2024",
     "2024-07-01/2024-11-30"),
    ("It returns Summer or Fall 2026.", "Summer or Fall 2026", "2026-06-01/2026-11-30"),
    ("It could air next year.", "next year", "2026-01-01/2026-12-31"),
    ("It lands in the fall of 2026.", "the fall of 2026", "2026-09-01/2026-11-30"),
])
def test_find_dates(sentence, expression, value):
    found = find_dates(sentence, REFERENCE)
    assert [(d.text, d.value) for d in found] == [(expression, value)]
    mention = found[0]
    assert sentence[mention.start:mention.end] == expression


def test_day_without_year_takes_the_reference_year():
    assert find_dates("The finale airs July 9.", dt.date(2023, 1, 2))[0].value == "2023-07-09"
    assert find_dates("The finale airs July 9, 2024.", REFERENCE)[0].value == "2024-07-09"


def test_find_dates_without_a_date():
    assert find_dates("The cast is excellent and the writing is sharp.", REFERENCE) == []


# --------------------------------------------------------------------------- modality


def test_polar_question_claims_nothing(tmp_path, made_up_nlp):
    claims = paragraph_claims(tmp_path, made_up_nlp, "Is Night Shift streaming on Hulu?")
    assert claims.empty


def test_question(tmp_path, made_up_nlp):
    claims = paragraph_claims(tmp_path, made_up_nlp,
                              "Why will the second season premiere in the fall of 2026?")
    claim = only(claims, attribute="premiere_date")
    assert claim["modality"] == "question"
    assert claim["certainty"] == pytest.approx(0.5)


def test_inside_a_long_quotation(tmp_path, made_up_nlp):
    claims = paragraph_claims(
        tmp_path, made_up_nlp,
        'The star said: "I am sure that the show will premiere on Hulu in the fall of 2026, and '
        'we cannot wait to share it."')
    assert len(claims) >= 2, show(claims)
    assert set(claims["modality"]) == {"quoted"}, show(claims)


@pytest.mark.parametrize(("paragraph", "modality", "certainty"), [
    ("Night Shift reportedly premieres on Hulu.", "hedged", 0.75),
    ("Night Shift could premiere on Hulu.", "hedged", 0.5),
    ("Night Shift premieres on Hulu.", "asserted", 0.93),
], ids=["reportedly", "could", "plain"])
def test_hedges_and_certainty(tmp_path, made_up_nlp, paragraph, modality, certainty):
    claim = only(paragraph_claims(tmp_path, made_up_nlp, paragraph), attribute="platform")
    assert claim["value"] == "Hulu"
    assert claim["modality"] == modality
    assert claim["certainty"] == pytest.approx(certainty)


def test_not_renewed_is_undecided(tmp_path, made_up_nlp):
    claims = paragraph_claims(tmp_path, made_up_nlp,
                              "Night Shift has not been renewed for a second season.")
    claim = only(claims, attribute="renewal_status")
    assert claim["value"] == "undecided"
    assert claim["value_text"] == "has not been renewed"


# --------------------------------------------------------------------------- attribution


@pytest.mark.parametrize(("paragraph", "outlet"), [
    ("Night Shift has been renewed for a second season, according to Variety.", "Variety"),
    ("Night Shift has been renewed for a second season, per Deadline.", "Deadline"),
    ("Lena Fisk told The Hollywood Reporter that Night Shift has been renewed for a second "
     "season.", "The Hollywood Reporter"),
    ("The star told The Hollywood Reporter that Night Shift has been renewed for a second "
     "season.", "The Hollywood Reporter"),
], ids=["according-to", "per", "named-person-told", "unnamed-person-told"])
def test_attribution_to_an_outlet(tmp_path, made_up_nlp, paragraph, outlet):
    claim = only(paragraph_claims(tmp_path, made_up_nlp, paragraph), attribute="renewal_status")
    assert claim["value"] == "renewed"
    assert claim["attribution"] == outlet


def test_no_attribution_without_a_source(tmp_path, made_up_nlp):
    claim = only(paragraph_claims(tmp_path, made_up_nlp, "Night Shift premieres on Hulu."),
                 attribute="platform")
    assert claim["attribution"] == ""


# --------------------------------------------------------------------------- language

GERMAN = (
    "Die zweite Staffel der Krimiserie Night Shift kommt endlich. Nach dem großen Erfolg der "
    "ersten Staffel hat der Sender die Fortsetzung bestätigt. Die Premiere der neuen Folgen ist "
    "für September 2026 geplant, wie die Produzenten am Montag mitteilten. Neu dabei ist "
    "Kommissarin Ada Quinlan (Rosa Delgado), die das Team in Berlin verstärkt. Die Dreharbeiten "
    "sollen im Frühjahr beginnen, und die Fans warten schon ungeduldig auf neue Fälle."
)
ENGLISH = (
    "Night Shift returns for a second season. The new episodes premiere in September 2026, "
    "the producers said on Monday. Detective Ada Quinlan (Rosa Delgado) joins the team in Berlin."
)


def test_german_article_yields_no_claims(tmp_path, made_up_nlp):
    write_article(tmp_path, GERMAN, name="de")
    write_article(tmp_path, ENGLISH, name="en")
    docs = load_corpus(tmp_path)
    assert dict(zip(docs["doc_id"], docs["language"], strict=True)) == {"de": "de", "en": "en"}
    claims = extract_claims(docs, made_up_nlp, AS_OF)
    assert set(claims["doc_id"]) == {"en"}, show(claims)
    assert {"premiere_date", "cast"} <= set(claims["attribute"])
    # The German text does hold claim-like material: only its language keeps it out.
    as_english = extract_claims(docs.assign(language="en"), made_up_nlp, AS_OF)
    assert "de" in set(as_english["doc_id"])


# --------------------------------------------------------------------------- subject


@pytest.mark.parametrize("paragraph", [
    "The second season premieres on Hulu.",
    "Season 2 premieres on Hulu.",
], ids=["the-second-season", "Season-2"])
def test_season_named_in_the_sentence(tmp_path, made_up_nlp, paragraph):
    claim = only(paragraph_claims(tmp_path, made_up_nlp, paragraph), attribute="platform")
    assert claim["season"] == 2
    assert claim["work"] == "night-shift"
    assert claim["subject"] == "night-shift S2"


def test_season_carries_over_within_a_paragraph(tmp_path, made_up_nlp):
    claims = paragraph_claims(tmp_path, made_up_nlp,
                              "Night Shift is coming back for season 2. It premieres on Hulu.")
    assert only(claims, attribute="platform")["season"] == 2


def test_season_does_not_carry_over_to_the_next_paragraph(tmp_path, made_up_nlp):
    claims = paragraph_claims(tmp_path, made_up_nlp,
                              "Night Shift is coming back for season 2.\n\nIt premieres on Hulu.")
    assert pd.isna(only(claims, attribute="platform")["season"])


# --------------------------------------------------------------------------- the spaCy pipeline


def test_pipeline_saves_and_loads_with_its_works(tmp_path, made_up_nlp):
    import spacy

    text = "Night Shift streams on Hulu. Showrunners Lena Fisk and Omar Haddad return."
    made_up_nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    for nlp in (made_up_nlp, loaded):
        doc = nlp(text)
        assert [(s.label_, s.text) for s in doc.spans["names"]] == [
            ("WORK", "Night Shift"), ("PLATFORM", "Hulu")]
        assert {(s.label_, s.text) for s in doc.spans["claims"]} >= {
            ("platform", "Hulu"), ("showrunner", "Lena Fisk"), ("showrunner", "Omar Haddad")}
