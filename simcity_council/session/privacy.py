"""Privacy rules for session data: pseudonyms that do not identify, keyed pseudonymisation for
exports, owner-only files, no absolute paths.

Logs and everything exported from them are written owner-only (mode 0600, folders the game
creates 0700), whatever the umask: they hold pseudonyms and students' written answers. Share them
deliberately (``chmod``), after ``export --pseudonymise``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from pathlib import Path, PurePath

MAX_PSEUDONYM = 64
MAX_SECTION = 64
FILE_MODE = 0o600
DIR_MODE = 0o700

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+|[^\s@]+@[^\s@]+")
# Two or more words of letters separated by spaces, dots or underscores: "Jane Doe",
# "jane.doe", "María José García". Hyphens join one pseudonym ("blue-heron", "player-7f3a").
_WORD = re.compile(r"[^\W\d_]{2,}")
_SEPARATORS = re.compile(r"[\s._]+")


def pseudonym_problem(text: str) -> str | None:
    """Why ``text`` cannot be a pseudonym (it looks like an e-mail address or a full name, or it
    is empty, too long or unprintable); None when it will do."""
    name = text.strip()
    if not name:
        return "the pseudonym is empty: type one, or press Enter for a random one"
    if len(name) > MAX_PSEUDONYM:
        return f"the pseudonym is longer than {MAX_PSEUDONYM} characters"
    if not name.isprintable():
        return "the pseudonym has characters that cannot be shown (control characters)"
    if _EMAIL.search(name):
        return (
            "it looks like an e-mail address, which identifies you; choose a made-up name "
            "such as 'heron-12'"
        )
    parts = [p for p in _SEPARATORS.split(name) if p]
    if len(parts) >= 2 and all(_WORD.fullmatch(p) for p in parts):
        return (
            "it looks like a full name (two or more words), which identifies you; choose a "
            "made-up name such as 'heron-12' (one word, with a number)"
        )
    return None


def section_problem(text: str) -> str | None:
    """Why ``text`` cannot name a class section; None when it will do."""
    name = text.strip()
    if not name or len(name) > MAX_SECTION or not name.isprintable():
        return f"a section is 1-{MAX_SECTION} printable characters, e.g. 'econ101-a'"
    if _EMAIL.search(name):
        return "a section names a class, not a person (this looks like an e-mail address)"
    return None


class Pseudonymiser:
    """Replaces players and session ids with keyed hashes (HMAC-SHA256), the same for the same
    key in every file and every run, so exports made at different times still join. Without
    the key the originals cannot be recovered or checked; keep the key apart from the data."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 8:
            raise ValueError("the pseudonymisation key must be at least 8 bytes")
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}

    def _digest(self, kind: str, value: str) -> bytes:
        return hmac.new(self._key, f"{kind}\0{value}".encode(), hashlib.sha256).digest()

    def player(self, value: str) -> str:
        """A pseudonym for the player name ``value`` (``p-`` and 16 hex digits)."""
        key = ("player", value)
        if key not in self._cache:
            self._cache[key] = "p-" + self._digest(*key).hex()[:16]
        return self._cache[key]

    def session(self, value: str) -> str:
        """A UUID still (xAPI registrations must be UUIDs), derived from the keyed hash."""
        key = ("session", value)
        if key not in self._cache:
            self._cache[key] = str(uuid.UUID(bytes=self._digest(*key)[:16], version=4))
        return self._cache[key]


def shown_path(path: str | PurePath) -> str:
    """A path as exports may show it: the file name only (no folders, so no account names)."""
    return PurePath(path).name if str(path) else ""


def shown_source(source: str) -> str:
    """A scenario source for exports: a built-in id as it is, a path as its file name."""
    if "/" in source or "\\" in source or source.startswith("~"):
        return PurePath(source.replace("\\", "/")).name
    return source


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) owner-only; an existing folder is left as it is."""
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
