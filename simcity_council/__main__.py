"""``python -m simcity_council`` is the ``simcity-council`` command."""

import sys

from .cli import main

sys.exit(main())
