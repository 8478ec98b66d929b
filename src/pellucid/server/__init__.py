"""The pellucid server: Lucid's REST API, Data Service API and data connector protocol."""
