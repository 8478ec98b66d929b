"""pellucid: a Lucid-compatible server and the Python SDK for Lucid's APIs."""

__version__ = "0.1.0"
