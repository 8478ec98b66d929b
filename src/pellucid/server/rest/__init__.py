"""The Lucid REST API (seed 002, before its "Legacy APIs" section)."""
