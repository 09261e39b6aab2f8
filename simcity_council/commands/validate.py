"""`simcity-council validate` (placeholder until its issue lands; replace this whole module)."""

from ..errors import UsageError

HELP = "(validate: not built yet)"


def add_arguments(parser) -> None:
    parser.add_argument("rest", nargs="*")


def run(args) -> int:
    raise UsageError("'validate' is not built yet")
