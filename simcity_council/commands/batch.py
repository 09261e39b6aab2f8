"""`simcity-council batch` (placeholder until its issue lands; replace this whole module)."""

from ..errors import UsageError

HELP = "(batch: not built yet)"


def add_arguments(parser) -> None:
    parser.add_argument("rest", nargs="*")


def run(args) -> int:
    raise UsageError("'batch' is not built yet")
