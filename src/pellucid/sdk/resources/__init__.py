"""The client's resource namespaces, each written once for both clients (see `_resource.py`)."""
