"""The Lucid Data Service API (seed 001, and the Data section of seed 002).

One module per resource (`datasets`, `datasources`, `grants`, `collections`, `schema`, `items`,
`items_by_key`); `routes.ROUTE_TABLES` collects them. The I/O-free rules live in `pagination`,
`links`, `fieldspecs` and `filters/`; how values compare is `store/values.py`.
"""
