"""Noticeboard, an example third-party adapter for Heritage Studio (and two broken ones)."""
