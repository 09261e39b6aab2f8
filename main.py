"""Play simcity_council: ``python main.py`` opens the game window, or the terminal game when
there is no display. Any ``simcity-council play`` option works here too."""

import sys

from simcity_council.cli import main

if __name__ == "__main__":
    sys.exit(main(["play", *sys.argv[1:]]))
