"""CSV rows that read back as written, in any reader, and never run as a formula.

Python's :func:`csv.writer` with ``lineterminator="\\n"`` quotes a field holding a line feed but
not one holding a lone carriage return, so a reflection answer typed on an old Mac (or an edited
log) splits its row in two when read back. :class:`CsvWriter` decides quoting as if the line
ending were ``\\r\\n`` (a field with either character is quoted) and still ends rows with ``\\n``.

Every text cell also passes :func:`~simcity_council.textsafe.spreadsheet_cell`: text starting
with ``=``, ``+``, ``-``, ``@``, a tab or a line break gets a leading apostrophe, so that a player
name such as ``=HYPERLINK("http://evil","click")`` is shown as text by Excel, LibreOffice and
Google Sheets instead of being run. Numbers (``-0.5``, also when passed as text) are left alone.
This is the default and documented in ``docs/research.md``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO

from ..textsafe import spreadsheet_cell


class CsvWriter:
    """``writerow``/``writerows`` like :func:`csv.writer`, with the quoting and cell rules of
    this module."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def writerow(self, row: Sequence[object]) -> None:
        """Write one row: text cells made safe for spreadsheets, ending in ``\\n``."""
        cells = [spreadsheet_cell(c) if isinstance(c, str) else c for c in row]
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._writer.writerow(cells)
        self._handle.write(buffer.getvalue()[:-2] + "\n")

    def writerows(self, rows: Iterable[Sequence[object]]) -> None:
        """Write each row with :meth:`writerow`."""
        for row in rows:
            self.writerow(row)


def plain_cell(text: str) -> bool:
    """True if ``text`` can be written as it is: no quoting needed, not a formula."""
    return _UNSAFE.isdisjoint(text) and spreadsheet_cell(text) == text


_UNSAFE = frozenset(',"\r\n')
