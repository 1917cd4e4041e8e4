"""The tables ``python -m analysis run`` writes: how they are written as CSV, and reading
them back with the types of the schemas.

Parquet keeps most types but stores dates as ``datetime64[ms]``; CSV keeps none (dates are
text, ``season`` with gaps is float, booleans are words). ``read_outputs`` gives back, from
either, the types listed in ``docs/data-dictionary.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.compute as arrow_compute
import pyarrow.csv as arrow_csv

from analysis.schemas import TABLE_SCHEMAS, pandas_dtype

BOOLEANS = {"True": True, "False": False, "true": True, "false": False}


def write_csv(table: pd.DataFrame | arrow.Table, sink, header: bool = True) -> None:
    """Write ``table`` as CSV to ``sink`` (a path or a binary file), as every output is
    written: UTF-8, text in double quotes, booleans ``true``/``false``, dates ``YYYY-MM-DD``,
    missing values empty. Arrow's writer does it several times faster than pandas'."""
    if isinstance(table, pd.DataFrame):
        try:
            table = arrow.Table.from_pandas(table, preserve_index=False)
        except (arrow.ArrowInvalid, arrow.ArrowTypeError):  # mixed types in a column: text
            mixed = [name for name, dtype in table.dtypes.items() if dtype.kind == "O"]
            table = arrow.Table.from_pandas(table.astype(dict.fromkeys(mixed, "str")),
                                            preserve_index=False)
    table = table.replace_schema_metadata(None)
    for i, field in enumerate(table.schema):
        if arrow.types.is_timestamp(field.type):
            moment = table.column(i)
            day = moment.cast(arrow.date32())
            midnights = arrow_compute.equal(day.cast(field.type), moment)
            if arrow_compute.all(midnights, min_count=0).as_py():  # nothing but days
                table = table.set_column(i, field.name, day)
    arrow_csv.write_csv(table, sink, arrow_csv.WriteOptions(include_header=header))


def read_outputs(folder: str | Path, names: Iterable[str] | None = None,
                 columns: dict[str, list[str]] | None = None) -> dict[str, pd.DataFrame]:
    """The output tables in ``folder`` (all, or those ``names``), keyed by name
    (``documents``, ``claims``, ...); ``columns`` names the only columns to read of some
    tables, e.g. ``{"documents": ["doc_id", "status"]}`` to leave the texts on disk.

    Each is read from ``{name}.parquet``, else from ``{name}.csv``, converted to the column
    types of its schema and validated. Raises ``FileNotFoundError`` naming the table when
    neither file exists.
    """
    folder = Path(folder)
    wanted = set(names) if names is not None else None
    tables = {}
    for schema in TABLE_SCHEMAS:
        if wanted is not None and schema.name not in wanted:
            continue
        if columns and schema.name in columns:
            schema = schema.select_columns(columns[schema.name])
        chosen = list(schema.columns)
        parquet, csv = folder / f"{schema.name}.parquet", folder / f"{schema.name}.csv"
        if parquet.is_file():
            table = pd.read_parquet(parquet, columns=chosen)
        elif csv.is_file():
            table = pd.read_csv(csv, dtype=str, keep_default_na=False, usecols=chosen)[chosen]
        else:
            raise FileNotFoundError(f"{folder}: no {parquet.name} or {csv.name}; run `python -m "
                                    f"analysis run CORPUS --truth TRUTH --out {folder}` first")
        tables[schema.name] = schema.validate(typed(table, schema))
    return tables


def typed(table: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """``table`` with each column converted to its type in ``schema`` (text from CSV too)."""
    table = table.copy()
    for name, column in schema.columns.items():
        dtype, values = pandas_dtype(column), table[name]
        if dtype == "bool":
            values = values.map(lambda v: BOOLEANS.get(v, v) if isinstance(v, str) else v)
        elif dtype.startswith("datetime64"):
            values = pd.to_datetime(values.replace("", None))
        elif dtype in ("int64", "Int64", "float64"):
            values = pd.to_numeric(values.replace("", None))
        table[name] = values.astype(dtype)
    return table
