"""Heritage Studio: compose, review, approve and publish heritage showcases."""

__version__ = "0.1.0"
