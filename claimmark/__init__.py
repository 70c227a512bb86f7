"""Claimmark: read articles critically, tag their claims, keep and export them."""

__version__ = "0.1.0"
