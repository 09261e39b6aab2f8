"""Tidy CSV export of session logs (data dictionary: ``docs/research.md``; machine-readable:
``codebook.json``, written next to the tables).

One file per table of :mod:`.tables`. Files are written to temporary names in the output folder
and renamed into place only when all of them are complete, so a reader never sees a half-written
file (:class:`~simcity_council.safeout.Outputs`); existing files are replaced only with
``force``. Every file is owner-only (mode 0600). Text cells are spreadsheet-safe
(:mod:`.csvsafe`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import LogError
from ..safeout import Outputs, failed
from .csvsafe import CsvWriter
from .logformat import SessionLog
from .privacy import FILE_MODE, Pseudonymiser, make_private_dir
from .tables import Rows, Tables, make_tables, quantities_of

CODEBOOK = "codebook.json"


def output_names(fmt: str) -> list[str]:
    """The files an export in ``fmt`` (``csv``, ``parquet``) writes into its folder."""
    return [f"{kind}.{fmt}" for kind in make_tables((), ()).models] + [CODEBOOK]


def export_csv(
    logs: Sequence[SessionLog],
    out_dir: str | Path,
    pseudonymiser: Pseudonymiser | None = None,
    force: bool = False,
) -> list[Path]:
    """Write ``<table>.csv`` for every table, and ``codebook.json``, into ``out_dir``; their
    paths. Existing files are replaced only with ``force``."""
    group_q, city_q = quantities_of(logs)
    tables = make_tables(group_q, city_q)
    rows = Rows(group_q, city_q, pseudonymiser)
    folder = output_folder(out_dir, "csv")
    with AtomicFiles(folder, output_names("csv"), force=force) as files:
        for kind in tables.models:
            handle = files.open(f"{kind}.csv")
            writer = CsvWriter(handle)
            writer.writerow(tables.columns(kind))
            flags = [i for i, t in enumerate(tables.types(kind).values()) if t == "boolean"]
            for log in logs:
                fast = rows.groups_text(log) if kind == "groups" else None
                if fast is not None:
                    handle.write(fast)
                elif flags:
                    writer.writerows(_logical(row, flags) for row in rows.of(kind, log))
                else:
                    writer.writerows(rows.of(kind, log))
        write_codebook(files, tables, "csv")
    return files.written


def _logical(row: tuple[Any, ...], flags: list[int]) -> list[Any]:
    """Booleans as TRUE / FALSE: what R's read.csv, pandas and spreadsheets all read as logical
    (R does not take true/false)."""
    out = list(row)
    for i in flags:
        if out[i] is not None:
            out[i] = "TRUE" if out[i] else "FALSE"
    return out


def write_codebook(files: AtomicFiles, tables: Tables, fmt: str) -> None:
    """Write ``codebook.json`` among ``files``, so the exported tables describe themselves."""
    from .codebook import export_codebook

    handle = files.open(CODEBOOK)
    json.dump(export_codebook(tables, fmt), handle, indent=2, ensure_ascii=False)
    handle.write("\n")


def output_folder(out_dir: str | Path, fmt: str) -> Path:
    """The export folder, created owner-only if missing; a clear error if it is a file or cannot
    be made."""
    folder = Path(out_dir)
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise LogError(f"the output must be a folder for --format {fmt}", str(folder))
    try:
        make_private_dir(folder)
    except OSError as error:
        raise LogError(f"cannot create the output folder: {error.strerror}", str(folder)) from None
    return folder


class AtomicFiles:
    """The files ``names`` in ``folder``, written to temporary names (owner-only) and renamed
    into place together when the block ends without an error; removed otherwise. Existing files
    are replaced only with ``force``, and are checked before anything is written; an error while
    writing (a full disk) is one line (:class:`~simcity_council.errors.OutputError`)."""

    def __init__(self, folder: Path, names: Sequence[str], force: bool = False) -> None:
        self.folder = folder
        self._out = Outputs(
            [folder / name for name in names], force=force, create_folder=False, mode=FILE_MODE
        )
        self._opened: list[str] = []
        self.written: list[Path] = []

    def __enter__(self) -> AtomicFiles:
        return self

    def open(self, name: str, binary: bool = False) -> IO[Any]:
        """A handle to the temporary file for ``name``, renamed into place when the block ends."""
        self._opened.append(name)
        return self._out.handle(self.folder / name, binary=binary)

    def temp_path(self, name: str) -> Path:
        """A temporary path for a writer that opens files itself (closed file, mode 0600)."""
        self._opened.append(name)
        return self._out.temp_path(self.folder / name)

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        self._out.__exit__(kind, error, trace)  # renames all into place, or removes them all
        if isinstance(error, OSError) and self._opened:  # while writing: a full disk, say
            raise failed(self.folder / self._opened[-1], error) from None
        if kind is None:
            self.written = [self.folder / name for name in self._opened]
