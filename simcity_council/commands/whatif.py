"""`simcity-council whatif` (placeholder until its issue lands; replace this whole module)."""

from ..errors import UsageError

HELP = "(whatif: not built yet)"


def add_arguments(parser) -> None:
    parser.add_argument("rest", nargs="*")


def run(args) -> int:
    raise UsageError("'whatif' is not built yet")
