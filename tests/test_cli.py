"""Tests of the command line (``analysis.cli.main``, called in-process): metadata from
header blocks, quarantine and exit codes, usage errors, the files written, byte-identical
re-runs, and the data dictionary staying in step with the schemas.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, read_outputs
from analysis.cli import (
    EXIT_CODES,
    EXIT_INTERNAL,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    main,
)
from analysis.outputs import write_csv
from analysis.pipeline import TABLES
from analysis.schemas import (
    DATA_DICTIONARY,
    TABLE_SCHEMAS,
    data_dictionary_markdown,
    pandas_dtype,
    records,
)

BODY = (
    "Ballard is a crime drama that streams on Prime Video. The first season of Ballard "
    "premiered on July 9, 2025, and Maggie Q plays Detective Renée Ballard, who runs a cold "
    "case unit in Los Angeles. Critics praised the cast and the writing of the new series."
)
FIGURES = ("claimed-dates-timeline", "hedging-by-source", "prediction-calibration",
           "reliability-by-source", "verdicts-by-source")


def article(url: str, date: str, outlet: str, title: str, body: str = BODY) -> str:
    return f"url: {url}\ndate: {date}\noutlet: {outlet}\ntitle: {title}\n\n{body}\n"


def read_documents(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "documents.csv", keep_default_na=False, dtype=str) \
        .set_index("path")


def sha256_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args: str | Path) -> int:
    return main(["run", *map(str, args), "--no-report"])


# --------------------------------------------------------------------------- header blocks


def test_header_block_metadata(tmp_path, capsys):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article("https://example.org/a", "2025-07-12",
                                          "Example Gazette", "Ballard returns"),
                                  encoding="utf-8")
    (corpus / "b.txt").write_text(article("https://example.org/b", "unknown",
                                          "Other Paper", "Ballard again"), encoding="utf-8")
    assert run_cli(corpus, "--out", out) == EXIT_OK
    docs = read_documents(out)
    assert list(docs.index) == ["a.txt", "b.txt"]
    a, b = docs.loc["a.txt"], docs.loc["b.txt"]
    assert (a["url"], a["published"], a["outlet"]) == \
        ("https://example.org/a", "2025-07-12", "Example Gazette")
    assert a["title"] == "Ballard returns"
    assert a["date_source"] == "header"
    assert (a["status"], a["problem"]) == ("ok", "")
    assert not a["text"].startswith("url:")
    assert (b["url"], b["outlet"]) == ("https://example.org/b", "Other Paper")
    assert b["published"] == ""
    assert b["date_source"] == "missing"
    verdicts = pd.read_csv(out / "verdicts.csv", keep_default_na=False)
    assert set(verdicts["doc_id"]) == {"a", "b"}
    assert (verdicts.loc[verdicts["doc_id"] == "b", "undated"].astype(str) == "True").all()
    assert "Traceback" not in "".join(capsys.readouterr())


def test_corpus_without_date_claims(tmp_path, capsys):
    """Claims, but none about a date: the run must still finish."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    body = ("Ballard streams on Prime Video. Maggie Q stars in the crime drama Ballard as a "
            "detective who works the late shift in Los Angeles, and critics liked it a lot.")
    (corpus / "a.txt").write_text(article("https://example.org/a", "2025-07-12",
                                          "Example Gazette", "Ballard", body),
                                  encoding="utf-8")
    assert run_cli(corpus, "--out", out) == EXIT_OK
    claims = pd.read_csv(out / "claims.csv", keep_default_na=False)
    assert "platform" in set(claims["attribute"])
    assert (claims["date_lo"] == "").all()


# --------------------------------------------------------------------------- quarantine


def test_broken_files_are_quarantined(tmp_path, capsys):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "good1.txt").write_text(article("https://example.org/1", "2025-07-12",
                                              "Example Gazette", "One"), encoding="utf-8")
    (corpus / "good2.txt").write_text(article("https://example.org/2", "2025-08-01",
                                              "Other Paper", "Two"), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "baddate.txt").write_text(article("https://example.org/3", "2025-02-30",
                                                "Bad Date Daily", "Three"), encoding="utf-8")
    code = run_cli(corpus, "--out", out)
    captured = capsys.readouterr()
    assert code == EXIT_PARTIAL
    assert "Traceback" not in captured.out + captured.err
    docs = read_documents(out)
    assert sorted(docs.index) == ["baddate.txt", "binary.txt", "empty.txt", "good1.txt",
                                  "good2.txt"]
    for name in ("good1.txt", "good2.txt", "baddate.txt"):
        assert (docs.loc[name, "status"], docs.loc[name, "problem"]) == ("ok", ""), name
    for name in ("empty.txt", "binary.txt"):
        assert docs.loc[name, "status"] == "quarantined", name
        assert name in docs.loc[name, "problem"]
        assert name in captured.out  # the summary lists every quarantined file
    assert "warning: baddate.txt: ignored header date" in captured.out
    assert "2025-02-30" in docs.loc["baddate.txt", "notes"]
    assert docs.loc["baddate.txt", "published"] == ""
    scores = pd.read_csv(out / "scores_documents.csv")
    assert sorted(scores["doc_id"]) == ["baddate", "good1", "good2"]


def test_metadata_warning_alone_gives_exit_partial(tmp_path, capsys):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article("https://example.org/a", "12/07/2025",
                                          "Example Gazette", "A"), encoding="utf-8")
    assert run_cli(corpus, "--out", out) == EXIT_PARTIAL
    assert "ambiguous" in capsys.readouterr().out
    assert read_documents(out).loc["a.txt", "published"] == ""
    assert run_cli(corpus, "--out", out, "--date-order", "dmy") == EXIT_OK
    assert read_documents(out).loc["a.txt", "published"] == "2025-07-12"


# --------------------------------------------------------------------------- usage errors


def test_missing_corpus_folder(tmp_path, capsys):
    missing = tmp_path / "no-such-corpus"
    assert run_cli(missing, "--out", tmp_path / "out") == EXIT_USAGE
    captured = capsys.readouterr()
    assert str(missing) in captured.err
    assert "error" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert not (tmp_path / "out").exists()


MALFORMED_TRUTHS = {
    "unknown-attribute": ("as_of: 2025-12-31\nworks: [{id: show, title: Show}]\nfacts:\n"
                          "  - {id: f1, work: show, attribute: hair_colour, value: red, "
                          "status: confirmed, confidence: high, "
                          "sources: [{url: 'https://example.org'}]}\n"),
    "invalid-yaml": "as_of: 2025-12-31\nfacts: [unclosed\n",
    "not-a-mapping": "- a\n- b\n",
    "impossible-date": "as_of: 2025-13-45\nworks: [{id: show, title: Show}]\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED_TRUTHS))
def test_malformed_truth(tmp_path, capsys, name):
    truth = tmp_path / f"{name}.yaml"
    truth.write_text(MALFORMED_TRUTHS[name], encoding="utf-8")
    code = main(["run", str(config.SEEDS_DIR), "--truth", str(truth),
                 "--out", str(tmp_path / "out"), "--no-report"])
    captured = capsys.readouterr()
    assert code == EXIT_USAGE
    assert str(truth) in captured.err
    assert "Traceback" not in captured.out + captured.err


def test_missing_truth_file(tmp_path, capsys):
    truth = tmp_path / "absent.yaml"
    assert main(["run", str(config.SEEDS_DIR), "--truth", str(truth),
                 "--out", str(tmp_path / "out"), "--no-report"]) == EXIT_USAGE
    assert str(truth) in capsys.readouterr().err


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: ")
    return lines[0]


def test_empty_corpus_is_one_line_and_exit_nothing(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "metadata.csv").write_text("file,outlet\n", encoding="utf-8")
    assert run_cli(corpus, "--out", tmp_path / "out") == EXIT_NOTHING
    line = one_line_error(capsys)
    assert str(corpus) in line and "holds no articles" in line
    assert not (tmp_path / "out").exists()


def test_corpus_of_unusable_files_is_one_line_and_exit_nothing(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.md").write_text("\n\n", encoding="utf-8")
    assert run_cli(corpus, "--out", tmp_path / "out") == EXIT_NOTHING
    line = one_line_error(capsys)
    assert "none of the 2 entries" in line and "blank.md: empty file" in line


def test_corpus_without_claims_is_one_line_and_exit_nothing(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The weather was mild and the river was calm all week.",
                                  encoding="utf-8")
    assert run_cli(corpus, "--out", tmp_path / "out") == EXIT_NOTHING
    line = one_line_error(capsys)
    assert "no claim found" in line and "--truth" not in line and "ground truth" in line


@pytest.mark.parametrize("where", ["file", "under-a-file"])
def test_unusable_out_is_one_line_and_exit_usage(tmp_path, capsys, where):
    blocker = tmp_path / "taken"
    blocker.write_text("", encoding="utf-8")
    out = blocker if where == "file" else blocker / "sub"
    assert run_cli(config.SEEDS_DIR, "--out", out) == EXIT_USAGE
    line = one_line_error(capsys)
    assert str(out) in line and "--out" in line


def test_unexpected_failure_is_one_line(tmp_path, capsys, monkeypatch):
    import analysis.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(analysis.pipeline, "run_to_folder", broken)
    monkeypatch.delenv("ANALYSIS_DEBUG", raising=False)
    assert run_cli(config.SEEDS_DIR, "--out", tmp_path / "out") == EXIT_INTERNAL
    line = one_line_error(capsys)
    assert "RuntimeError: disk on fire" in line and "ANALYSIS_DEBUG=1" in line


def test_help_documents_every_exit_code(capsys):
    with pytest.raises(SystemExit) as info:
        main(["run", "--help"])
    assert info.value.code == EXIT_OK
    text = capsys.readouterr().out
    flat = " ".join(text.split())
    for code, meaning in EXIT_CODES.items():
        assert f" {code} {' '.join(meaning.split()[:4])}" in flat, code
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert f"**{code}**" in readme


@pytest.mark.parametrize("option", ["--max-text-chars", "--max-file-bytes"])
@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_limits_must_be_positive_numbers(capsys, option, value):
    with pytest.raises(SystemExit) as info:
        main(["run", option, value])
    assert info.value.code == EXIT_USAGE
    assert "positive whole number" in capsys.readouterr().err


def test_loading_options_reach_the_loader(tmp_path, capsys):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (outside / "b.txt").write_text(article("https://example.org/b", "2025-08-01", "Other",
                                           "B"), encoding="utf-8")
    (corpus / "a.txt").write_text(article("https://example.org/a", "2025-07-12", "Gazette",
                                          "A"), encoding="utf-8")
    (corpus / "b.txt").symlink_to(outside / "b.txt")
    assert run_cli(corpus, "--out", tmp_path / "out1") == EXIT_PARTIAL
    assert "outside the corpus folder" in capsys.readouterr().out
    assert run_cli(corpus, "--out", tmp_path / "out2", "--follow-outside-links") == EXIT_OK
    assert run_cli(corpus, "--out", tmp_path / "out3", "--max-text-chars", "100") == EXIT_NOTHING
    assert "100-character limit" in one_line_error(capsys)


def test_truth_that_is_a_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["run", str(config.SEEDS_DIR), "--truth", str(tmp_path),
                 "--out", str(tmp_path / "out"), "--no-report"]) == EXIT_USAGE
    line = one_line_error(capsys)
    assert str(tmp_path) in line and "cannot read" in line


def test_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["run", "--no-such-option"])
    assert info.value.code == EXIT_USAGE


# --------------------------------------------------------------------------- seed outputs


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-run-1")
    assert run_cli(config.SEEDS_DIR, "--out", out) == EXIT_OK
    return out


def test_seed_outputs_exist(seed_out):
    for name in TABLES:
        parquet = pd.read_parquet(seed_out / f"{name}.parquet")
        csv = pd.read_csv(seed_out / f"{name}.csv")
        assert len(parquet) == len(csv), name
        assert list(parquet.columns) == list(csv.columns), name
    assert len(pd.read_parquet(seed_out / "documents.parquet")) == 5
    figures = seed_out / "figures"
    for stem in FIGURES:
        for suffix in ("svg", "pdf", "png", "csv"):
            path = figures / f"{stem}.{suffix}"
            assert path.is_file() and path.stat().st_size > 0, path
    jsonld = seed_out / "claimreview.jsonld"
    assert jsonld.is_file()
    assert "ClaimReview" in jsonld.read_text(encoding="utf-8")
    assert len(pd.read_csv(seed_out / "curation-queue.csv")) > 0
    assert (seed_out / "curation-queue.yaml").is_file() and (seed_out / "agreement.csv").is_file()
    assert not (seed_out / "reliability-report.html").exists()  # --no-report


def test_seed_outputs_match_schemas(seed_out):
    for schema in TABLE_SCHEMAS:
        table = pd.read_parquet(seed_out / f"{schema.name}.parquet")
        assert list(table.columns) == list(schema.columns), schema.name
        schema.validate(table)


def test_rerun_is_byte_identical(seed_out, tmp_path):
    """Re-running gives byte-identical figures and tables."""
    again = tmp_path / "seed-run-2"
    assert run_cli(config.SEEDS_DIR, "--out", again) == EXIT_OK
    first, second = sha256_tree(seed_out), sha256_tree(again)
    assert sorted(first) == sorted(second)
    assert any(name.startswith("figures/") for name in first)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_read_outputs_types_from_parquet_and_from_csv(seed_out, tmp_path):
    from_parquet = read_outputs(seed_out)
    csv_only = tmp_path / "csv-only"
    csv_only.mkdir()
    for name in TABLES:
        shutil.copy(seed_out / f"{name}.csv", csv_only)
    from_csv = read_outputs(csv_only)
    assert list(from_parquet) == list(TABLES)
    for schema in TABLE_SCHEMAS:
        expected = {name: pandas_dtype(column) for name, column in schema.columns.items()}
        for tables in (from_parquet, from_csv):
            table = tables[schema.name]
            assert {c: str(t) for c, t in table.dtypes.items()} == expected, schema.name
        pd.testing.assert_frame_equal(from_parquet[schema.name], from_csv[schema.name])
    claims = from_csv["claims"]
    assert claims["season"].isna().any() and claims["season"].notna().any()
    assert str(from_csv["documents"]["published"].dtype) == "datetime64[s]"


def test_csv_quotes_text_and_writes_days_as_dates(tmp_path):
    table = pd.DataFrame({
        "text": ["a, \"quoted\"\nline", "", None],
        "day": pd.to_datetime(["2024-03-05", None, "2024-03-06"]).astype("datetime64[s]"),
        "moment": pd.to_datetime(["2024-03-05 10:30", None, None]),
        "flag": [True, False, True], "share": [0.25, 1.0, float("nan")],
        "mixed": [1, "two", None]})
    write_csv(table, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == (
        '"text","day","moment","flag","share","mixed"\n'
        '"a, ""quoted""\nline",2024-03-05,2024-03-05 10:30:00.000000,true,0.25,"1"\n'
        '"",,,false,1,"two"\n'
        ',2024-03-06,,true,,\n')


def test_read_outputs_reads_only_the_columns_asked_for(seed_out, tmp_path):
    wanted = {"documents": ["doc_id", "status", "published"]}
    csv_only = tmp_path / "csv-only"
    csv_only.mkdir()
    shutil.copy(seed_out / "documents.csv", csv_only)
    whole = read_outputs(seed_out, ["documents"])["documents"]
    for folder in (seed_out, csv_only):
        tables = read_outputs(folder, ["documents"], columns=wanted)
        pd.testing.assert_frame_equal(tables["documents"], whole[wanted["documents"]])


@pytest.mark.parametrize("name", ["documents", "claims", "verdicts", "scores_documents"])
def test_records_are_the_rows_to_dict_gives(seed_out, name):
    table = read_outputs(seed_out, [name])[name]
    fast, slow = records(table), table.to_dict("records")
    assert len(fast) == len(slow) == len(table)
    for mine, theirs in zip(fast, slow, strict=True):
        assert list(mine) == list(theirs)
        for key, value in mine.items():
            other = theirs[key]
            assert type(value) is type(other), key
            assert value is other or value == other or (pd.isna(value) and pd.isna(other))


def test_read_outputs_names_a_missing_table(tmp_path):
    with pytest.raises(FileNotFoundError, match="documents.parquet or documents.csv"):
        read_outputs(tmp_path)


# --------------------------------------------------------------------------- data dictionary


def test_data_dictionary_is_in_step():
    assert DATA_DICTIONARY.read_text(encoding="utf-8") == data_dictionary_markdown(), \
        "docs/data-dictionary.md is stale: run `python -m analysis dictionary`"


def test_data_dictionary_lists_every_column():
    text = DATA_DICTIONARY.read_text(encoding="utf-8")
    for schema in TABLE_SCHEMAS:
        section = text.split(f"## {schema.name}\n", 1)
        assert len(section) == 2, f"no section for {schema.name}"
        body = section[1].split("\n## ", 1)[0]
        for column in schema.columns:
            assert f"| `{column}` |" in body, f"{schema.name}.{column}"
