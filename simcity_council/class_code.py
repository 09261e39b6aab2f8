"""Class codes: a short code a teacher writes on the board instead of a 19-digit seed.

A class code *is* a seed, written in Crockford's base 32 (digits and letters without I, L, O and
U, read without caring for case, hyphens or spaces; ``O`` is read as 0 and ``I``/``L`` as 1). A
fresh game draws a six-character code (about a billion kinds of luck) and shows it as
``K7M-2QX``; every student who types the same code meets the same events at the same turns.
A seed of digits only is a plain number, as ``--seed N`` always was.
"""

from __future__ import annotations

import secrets

from .errors import UsageError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ = {c: i for i, c in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}
MAX_SEED = (1 << 64) - 1
CODE_LENGTH = 6


def code_of(seed: int) -> str:
    """A seed as a class code: ``K7M-2QX`` (groups of three, longer for large seeds)."""
    if not 0 <= seed <= MAX_SEED:
        raise UsageError(f"a seed is a whole number from 0 to {MAX_SEED}, not {seed}")
    chars = []
    while True:
        seed, digit = divmod(seed, 32)
        chars.append(ALPHABET[digit])
        if not seed:
            break
    text = "".join(reversed(chars)).rjust(CODE_LENGTH, "0")
    return "-".join(text[i : i + 3] for i in range(0, len(text), 3))


def new_code() -> str:
    """A fresh random class code with at least one letter (so it never reads as a number)."""
    while True:
        code = code_of(secrets.randbits(5 * CODE_LENGTH))
        if any(c.isalpha() for c in code):
            return code


def seed_of(text: str) -> int:
    """The seed a class code or a number stands for. Raises :class:`UsageError` that says what
    is wrong: a negative number, one too large, or a character a code cannot hold."""
    raw = text.strip()
    if not raw:
        raise UsageError(
            "the class code is empty; type the code your teacher gave, or leave it out"
        )
    digits = raw.lstrip("+-")
    if digits.isdigit():
        # int() refuses digits other than 0-9 ('²') and strings past 4,300 digits
        number = int(raw) if digits.isascii() and len(digits) <= 30 else -1
        if not 0 <= number <= MAX_SEED:
            shown = raw if len(raw) <= 24 else f"{raw[:21]}..."
            raise UsageError(
                f"the seed {shown} is out of range: use a whole number from 0 to {MAX_SEED}, or "
                "a class code such as K7M-2QX"
            )
        return number
    value = 0
    for char in raw.upper().replace("-", "").replace(" ", ""):
        if char not in _READ:
            raise UsageError(
                f"'{raw}' is not a class code: '{char}' cannot be in one (codes use digits and "
                "the letters A-Z without U, e.g. K7M-2QX)"
            )
        value = value * 32 + _READ[char]
    if value > MAX_SEED:
        raise UsageError(f"the class code '{raw}' is too long (at most 13 characters)")
    return value
