"""pellucid's Python SDK (client side): it never imports the server."""
