"""`simcity-council play` (placeholder until its issue lands; replace this whole module)."""

from ..errors import UsageError

HELP = "(play: not built yet)"


def add_arguments(parser) -> None:
    parser.add_argument("rest", nargs="*")


def run(args) -> int:
    raise UsageError("'play' is not built yet")
