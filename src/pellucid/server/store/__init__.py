"""Persistence: table definitions, migrations, and one repository module per aggregate."""
