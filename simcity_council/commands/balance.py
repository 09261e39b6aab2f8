"""`simcity-council balance` (placeholder until its issue lands; replace this whole module)."""

from ..errors import UsageError

HELP = "(balance: not built yet)"


def add_arguments(parser) -> None:
    parser.add_argument("rest", nargs="*")


def run(args) -> int:
    raise UsageError("'balance' is not built yet")
