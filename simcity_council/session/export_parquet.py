"""Parquet export: the tables of the CSV export, with the same columns and types, one
``<table>.parquet`` each (needs pyarrow: ``pip install 'simcity-council[research]'``).

Types: string, int64, float64 and bool columns, nulls where the CSV has an empty field. Each file
carries the export version and the package version in its schema metadata; ``codebook.json`` is
written next to the tables, as for CSV. Files are owner-only and appear together when all are
written; existing ones are replaced only with ``--force``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import LogError
from .export_csv import AtomicFiles, output_folder, output_names, write_codebook
from .logformat import SessionLog
from .privacy import Pseudonymiser
from .tables import EXPORT_VERSION, Rows, make_tables, quantities_of


def pyarrow_module() -> Any:
    """pyarrow, imported only when Parquet is asked for (it is an optional dependency); an error
    that says how to install it otherwise."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - the writer
    except ImportError:
        raise LogError(
            "Parquet needs pyarrow, which is not installed: pip install 'simcity-council[research]'"
            " (or use --format csv)"
        ) from None
    return pyarrow


def export_parquet(
    logs: Sequence[SessionLog],
    out_dir: str | Path,
    pseudonymiser: Pseudonymiser | None = None,
    force: bool = False,
) -> list[Path]:
    """Write ``<table>.parquet`` for every table, and ``codebook.json``, into ``out_dir``.
    Existing files are replaced only with ``force``."""
    from .. import __version__

    pa = pyarrow_module()
    group_q, city_q = quantities_of(logs)
    tables = make_tables(group_q, city_q)
    rows = Rows(group_q, city_q, pseudonymiser)
    folder = output_folder(out_dir, "parquet")
    arrow_types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
    }
    metadata = {
        b"simcity-council.export_version": str(EXPORT_VERSION).encode(),
        b"simcity-council.package_version": __version__.encode(),
    }
    with AtomicFiles(folder, output_names("parquet"), force=force) as files:
        for kind in tables.models:
            types = tables.types(kind)
            data = [row for log in logs for row in rows.of(kind, log)]
            columns = list(zip(*data, strict=True)) if data else [() for _ in types]
            fields = []
            arrays = []
            for (name, kind_name), values in zip(types.items(), columns, strict=True):
                arrow_type = arrow_types[kind_name]
                if name == "seed" and any(v >= 2**63 for v in values):
                    arrow_type = pa.uint64()  # a seed given by hand may use all 64 bits
                fields.append(pa.field(name, arrow_type))
                arrays.append(pa.array(list(values), type=arrow_type))
            schema = pa.schema(
                fields, metadata={**metadata, b"simcity-council.table": kind.encode()}
            )
            table = pa.Table.from_arrays(arrays, schema=schema)
            pa.parquet.write_table(table, files.temp_path(f"{kind}.parquet"))
        write_codebook(files, tables, "parquet")
    return files.written
