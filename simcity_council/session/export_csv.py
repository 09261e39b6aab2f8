"""Tidy CSV export of session logs (data dictionary: ``docs/research.md``; machine-readable:
``codebook.json``, written next to the tables).

One file per table of :mod:`.tables`. Files are written to temporary names in the output folder
and renamed into place only when all of them are complete, so a reader never sees a half-written
file. Every file is owner-only (mode 0600).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import LogError
from .logformat import SessionLog
from .privacy import Pseudonymiser, make_private_dir
from .tables import Rows, Tables, make_tables, quantities_of


def export_csv(
    logs: Sequence[SessionLog], out_dir: str | Path, pseudonymiser: Pseudonymiser | None = None
) -> list[Path]:
    """Write ``<table>.csv`` for every table, and ``codebook.json``, into ``out_dir``; their
    paths."""
    group_q, city_q = quantities_of(logs)
    tables = make_tables(group_q, city_q)
    rows = Rows(group_q, city_q, pseudonymiser)
    folder = output_folder(out_dir, "csv")
    with AtomicFiles(folder) as files:
        for kind in tables.models:
            handle = files.open(f"{kind}.csv")
            writer = csv.writer(handle, lineterminator="\n")
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
    from .codebook import export_codebook

    handle = files.open("codebook.json")
    json.dump(export_codebook(tables, fmt), handle, indent=2, ensure_ascii=False)
    handle.write("\n")


def output_folder(out_dir: str | Path, fmt: str) -> Path:
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise LogError(f"the output must be a folder for --format {fmt}", str(folder))
    try:
        make_private_dir(folder)
    except OSError as error:
        raise LogError(f"cannot create the output folder: {error.strerror}", str(folder)) from None
    return folder


class AtomicFiles:
    """Files written to temporary names in ``folder`` (owner-only) and renamed into place
    together when the block ends without an error; removed otherwise."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._temps: dict[str, tuple[Path, IO[Any]]] = {}
        self.written: list[Path] = []

    def __enter__(self) -> AtomicFiles:
        return self

    def open(self, name: str, binary: bool = False) -> IO[Any]:
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        mode = "wb" if binary else "w"
        handle = os.fdopen(fd, mode, **({} if binary else {"encoding": "utf-8", "newline": ""}))
        self._temps[name] = (Path(temp), handle)
        return handle

    def temp_path(self, name: str) -> Path:
        """A temporary path for a writer that opens files itself (closed file, mode 0600)."""
        handle = self.open(name, binary=True)
        handle.close()
        return self._temps[name][0]

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if kind is None:
                for _, handle in self._temps.values():
                    if not handle.closed:
                        handle.flush()
                        os.fsync(handle.fileno())
                        handle.close()
                for name, (temp, _) in self._temps.items():
                    final = self.folder / name
                    os.replace(temp, final)
                    self.written.append(final)
        finally:
            for temp, handle in self._temps.values():
                if not handle.closed:
                    handle.close()
                if temp.exists():
                    temp.unlink()
