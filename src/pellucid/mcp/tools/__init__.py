"""The tools, one module per area; each `register(server, lucid)` adds its tools."""
