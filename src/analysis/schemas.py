"""Schemas of every table the pipeline produces; they are also the data dictionary.

Each column carries a description; ``docs/data-dictionary.md`` is generated from these
schemas (``python -m analysis dictionary``) and a test keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine

from analysis import registry

VERDICTS = ("supported", "refuted", "not_enough_evidence", "pending")
DATE_ATTRIBUTES = registry.date_attributes()  # values are dates or intervals
DATE_SOURCES = ("sidecar", "header", "dateline", "htmldate", "url", "missing")
MODALITIES = ("asserted", "hedged", "predicted", "negated", "question", "quoted")


class _Text(pandas_engine.STRING):
    """pandas' ``str`` dtype. pandera checks it value by value and, even when every value
    passes, builds a report of the failures; a column that passes as a whole is let through
    at once, which makes validating a table several times faster."""

    def check(self, pandera_dtype, data_container=None):
        passed = super().check(pandera_dtype, data_container)
        return True if isinstance(passed, np.ndarray) and passed.all() else passed


def _col(dtype: str, description: str, **kwargs) -> pa.Column:
    """A column of pandas dtype ``dtype`` (kept in its metadata: pandera reports
    ``datetime64[s]`` as ``[ns]``)."""
    checked = _Text() if dtype == "str" else dtype
    return pa.Column(checked, description=description, metadata={"dtype": dtype}, **kwargs)


def _text(description: str, **kwargs) -> pa.Column:
    return _col("str", description, **kwargs)


DOCUMENTS = pa.DataFrameSchema(
    {
        "doc_id": _text("File stem; unique among usable documents."),
        "path": _text("File path relative to the corpus folder."),
        "file_type": _text("File extension without the dot (txt, html, htm, md, ...)."),
        "sha256": _text("SHA-256 of the raw bytes ('' if the file is missing)."),
        "n_bytes": _col("int64", "Size of the raw file in bytes."),
        "encoding": _text("Encoding used to decode the file, as Python names it (utf-8, "
                          "utf-16, cp1252, ...); '' if it was not decoded."),
        "outlet": _text("Publishing outlet: sidecar, header, or the URL's domain; 'unknown'."),
        "url": _text("Article URL, '' if not known."),
        "kind": _text("Kind of source from the sidecar (e.g. TV news blog, aggregator)."),
        "title": _text("Headline, '' if not known."),
        "published": _col("datetime64[s]", "Publication date; NaT when missing.", nullable=True),
        "date_source": _text("Where the date came from: sidecar, header, dateline, htmldate "
                             "(web-page markup), url (a date in the URL) or missing.",
                             checks=pa.Check.isin(DATE_SOURCES)),
        "language": _text("ISO 639-1 language code of the text; 'und' if too short to tell."),
        "text": _text("Cleaned article text; claim offsets index into it."),
        "n_words": _col("int64", "Whitespace-separated words in text."),
        "removed_spans": _text("JSON list of removed spans: rule, start, end (offsets into the "
                               "decoded body, null for markup), excerpt."),
        "n_removed_chars": _col("int64", "Characters removed as boilerplate or markup."),
        "status": _text("ok or quarantined.", checks=pa.Check.isin(["ok", "quarantined"])),
        "problem": _text("Why the file was quarantined, naming the file; '' when ok."),
        "notes": _text("Non-fatal remarks: the encoding when not UTF-8, metadata values "
                       "ignored as malformed."),
    },
    strict=True,
    ordered=True,
    name="documents",
)

SUBJECT_EVIDENCE = ("work named", "season named", "document", "document, other work nearby")

CLAIMS = pa.DataFrameSchema(
    {
        "claim_id": _text("Stable id: hash of doc_id, attribute, value, qualifier and offsets.",
                          unique=True),
        "doc_id": _text("Document the claim comes from."),
        "subject": _text("Work and season the claim is about, e.g. 'show S2'."),
        "work": _text("Work id: from the ground truth's works, else a slug of an italic "
                      "title; '' if unknown."),
        "season": _col("Int64", "Season number; missing when the claim names none.",
                       nullable=True),
        "subject_evidence": _text(
            "How the work was resolved: 'work named' in the sentence, 'season named' (a "
            "season of the document's work), 'document' (its main work), or 'document, "
            "other work nearby' (the sentence speaks of other credits).",
            checks=pa.Check.isin(SUBJECT_EVIDENCE)),
        "attribute": _text("What is claimed (vocabulary in data/attributes.yaml)."),
        "value": _text("Normalised value (docs/conventions-for-values.md)."),
        "qualifier": _text("Second part of the value: character, site, unit, phase; '' if none."),
        "value_text": _text("The value as written; equals text[start:end]."),
        "start": _col("int64", "Character offset of value_text in the document text."),
        "end": _col("int64", "End offset (exclusive)."),
        "sentence": _text("The sentence holding the claim."),
        "modality": _text("asserted, hedged, predicted, negated, question or quoted.",
                          checks=pa.Check.isin(MODALITIES)),
        "certainty": _col("float64", "Probability conveyed by the wording (Kent 1964 scale).",
                          checks=pa.Check.in_range(0, 1)),
        "hedge": _text("Hedge words found in the sentence, comma-separated."),
        "attribution": _text("Outlet or person the claim is attributed to; '' if none."),
        "prediction": _col("bool", "True for a claim about a future event."),
        "rule": _text("Extraction rule that produced the claim."),
        "date_lo": _col("datetime64[s]", "First day of a date-valued claim.", nullable=True),
        "date_hi": _col("datetime64[s]", "Last day of a date-valued claim.", nullable=True),
    },
    strict=True,
    ordered=True,
    name="claims",
)

VERDICTS_TABLE = pa.DataFrameSchema(
    {
        "claim_id": _text("The claim judged.", unique=True),
        "doc_id": _text("Its document."),
        "verdict": _text("Judged as of the publication date (undated: the truth's as_of).",
                         checks=pa.Check.isin(VERDICTS)),
        "verdict_now": _text("Judged as of the truth's as_of date.",
                             checks=pa.Check.isin(VERDICTS)),
        "fact_ids": _text("Ground-truth fact ids behind verdict, ';'-separated."),
        "fact_ids_now": _text("Fact ids behind verdict_now."),
        "rationale": _text("One line: why verdict."),
        "rationale_now": _text("One line: why verdict_now."),
        "judged_as_of": _col("datetime64[s]", "The date verdict was judged as of."),
        "undated": _col("bool", "True when the document has no publication date."),
    },
    strict=True,
    ordered=True,
    name="verdicts",
)

_SCORE_COLUMNS = {
    "n_claims": _col("int64", "Claims extracted."),
    "n_checkable": _col("int64", "Claims judged supported or refuted (predictions: once "
                        "resolved)."),
    "n_supported": _col("int64", "Claims supported."),
    "n_refuted": _col("int64", "Claims refuted."),
    "n_not_enough_evidence": _col("int64", "Claims the truth cannot settle."),
    "n_pending": _col("int64", "Predictions not yet resolvable on the publication date."),
    "weighted_supported": _col("float64", "Sum of certainty over supported claims."),
    "weighted_refuted": _col("float64", "Sum of certainty over refuted claims."),
    "reliability": _col("float64", "Posterior mean of Beta(0.5 + weighted_supported, "
                        "0.5 + weighted_refuted)."),
    "reliability_low": _col("float64", "5% quantile of that posterior."),
    "reliability_high": _col("float64", "95% quantile of that posterior."),
    "confident_false_share": _col("float64", "Share refuted among checkable claims with "
                                  "certainty >= 0.9; NaN if none.", nullable=True),
    "brier": _col("float64", "Brier score of predictions resolved by the truth's date; "
                  "NaN if none.", nullable=True),
    "n_predictions_resolved": _col("int64", "Predictions behind brier."),
}

SCORES_DOCUMENTS = pa.DataFrameSchema(
    {
        "doc_id": _text("Document.", unique=True),
        "outlet": _text("Its outlet."),
        "kind": _text("Kind of source."),
        "published": _col("datetime64[s]", "Publication date; NaT if unknown.", nullable=True),
        **_SCORE_COLUMNS,
        "checkable_text_share": _col("float64", "Share of the text's characters in sentences "
                                     "holding a checkable claim."),
    },
    strict=True,
    ordered=True,
    name="scores_documents",
)

SCORES_OUTLETS = pa.DataFrameSchema(
    {
        "outlet": _text("Outlet.", unique=True),
        "n_documents": _col("int64", "Usable documents from the outlet."),
        **_SCORE_COLUMNS,
    },
    strict=True,
    ordered=True,
    name="scores_outlets",
)

def empty_table(schema: pa.DataFrameSchema) -> pd.DataFrame:
    """A table with no rows and every column of ``schema`` in its type."""
    return pd.DataFrame({name: pd.Series(dtype=column.dtype.type)
                         for name, column in schema.columns.items()})


def records(table: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """The rows of ``table`` (only ``columns``, if given) as dicts of Python values, as
    ``to_dict("records")`` gives them (``pd.NA`` becomes None), but converted a column at a
    time, which is several times faster."""
    columns = list(table.columns) if columns is None else columns

    def values(column: str) -> list:
        series = table[column]
        if getattr(series.dtype, "na_value", None) is pd.NA:
            return [None if value is pd.NA else value for value in series.tolist()]
        return series.tolist()

    return [dict(zip(columns, row, strict=True))
            for row in zip(*map(values, columns), strict=True)]


TABLE_SCHEMAS = (DOCUMENTS, CLAIMS, VERDICTS_TABLE, SCORES_DOCUMENTS, SCORES_OUTLETS)
DATA_DICTIONARY = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def pandas_dtype(column: pa.Column) -> str:
    """The pandas dtype of ``column``: str, int64, Int64, float64, bool or datetime64[s]."""
    return column.metadata["dtype"]


def data_dictionary_markdown() -> str:
    """The data dictionary of every output table, as Markdown."""
    lines = ["# Data dictionary", "",
             "Generated from `src/analysis/schemas.py` by `python -m analysis dictionary`;",
             "each table is written as `{name}.parquet` and `{name}.csv` by "
             "`python -m analysis run`.", "",
             "Types are pandas dtypes, as the pipeline holds the tables and as",
             "`analysis.read_outputs(folder)` returns them from either file: `str` is text",
             "(missing text is `''`), `Int64` an integer that may be missing, `datetime64[s]` a",
             "date (`NaT` when missing). Read directly, Parquet gives dates as `datetime64[ms]`;",
             "CSV gives dates as text (`YYYY-MM-DD`) and an `Int64` column with gaps as",
             "`float64`. In the CSV files text is in double quotes, booleans are `true` and",
             "`false`, and a missing value is an empty field.", ""]
    for schema in TABLE_SCHEMAS:
        lines += [f"## {schema.name}", "", "| column | type | meaning |", "|---|---|---|"]
        for name, column in schema.columns.items():
            lines.append(f"| `{name}` | {pandas_dtype(column)} | {column.description} |")
        lines.append("")
    return "\n".join(lines)


def write_data_dictionary(path: Path = DATA_DICTIONARY) -> Path:
    path.write_text(data_dictionary_markdown(), encoding="utf-8")
    return path
