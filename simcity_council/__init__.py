"""simcity_council: a public-administration training game."""

__version__ = "0.3.0"
