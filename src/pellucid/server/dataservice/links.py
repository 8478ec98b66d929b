"""Data Service links: absolute URIs built on the public URL, and parsed back into ids.

Links in request bodies and query strings may be absolute (any origin: clients reach the
server under several names) or relative (`/collections/41/schema/22`, as the docs allow).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from ..http.errors import bad_request

# re.ASCII: `\d` alone also matches "١" (Arabic-Indic one), which int() reads as 1.
_PATTERNS = {
    "data set": re.compile(r"/dataSets/(\d{1,18})", re.ASCII),
    "data set grant": re.compile(r"/dataSetGrants/(\d{1,18})", re.ASCII),
    "data source": re.compile(r"/dataSources/(\d{1,18})", re.ASCII),
    "source grant": re.compile(r"/sourceGrants/(\d{1,18})", re.ASCII),
    "collection": re.compile(r"/collections/(\d{1,18})", re.ASCII),
    "item": re.compile(r"/collections/(\d{1,18})/items/(\d{1,18})", re.ASCII),
    "field": re.compile(r"/collections/(\d{1,18})/schema/(\d{1,18})", re.ASCII),
}

_EXAMPLES = {
    "data set": "/dataSets/12", "data set grant": "/dataSetGrants/8", "data source": "/dataSources/12",
    "source grant": "/sourceGrants/8", "collection": "/collections/55",
    "item": "/collections/55/items/3", "field": "/collections/55/schema/21",
}


def parse(link: object, kind: str, what: str | None = None) -> tuple[int, ...]:
    """The numeric ids in a link of `kind`; a 400 naming `what` (the field) when it is not one."""
    label = what or kind
    if not isinstance(link, str) or not link.strip():
        raise bad_request(f"{label} must be a {kind} link such as {_EXAMPLES[kind]}")
    path = urlsplit(link.strip()).path if "://" in link else link.strip().split("?", 1)[0]
    match = _PATTERNS[kind].fullmatch(path.rstrip("/"))
    if match is None:
        raise bad_request(f"{label} {link!r} is not a {kind} link (expected a path like {_EXAMPLES[kind]})")
    return tuple(int(group) for group in match.groups())


def parse_id(link: object, kind: str, what: str | None = None) -> int:
    """The id in a resource link of `kind`; 400 naming `what` otherwise."""
    return parse(link, kind, what)[0]


class Links:
    """Absolute links for one public origin."""

    __slots__ = ("base",)

    def __init__(self, base: str) -> None:
        self.base = base

    def data_sets(self) -> str:
        """`/dataSets`: the data set listing."""
        return f"{self.base}/dataSets"

    def data_set(self, data_set_id: int) -> str:
        """`/dataSets/{id}`: a data set's URI."""
        return f"{self.base}/dataSets/{data_set_id}"

    def data_set_properties(self, data_set_id: int) -> str:
        """`/dataSets/{id}/properties`: a data set's property bag."""
        return f"{self.base}/dataSets/{data_set_id}/properties"

    def data_set_grants_of(self, data_set_id: int) -> str:
        """The data set's grants listing; the data set link is percent-encoded in the query."""
        return f"{self.base}/dataSetGrants?dataSet={quote(self.data_set(data_set_id), safe='')}"

    def data_sources_of(self, data_set_id: int) -> str:
        """The data set's data sources listing; the data set link is percent-encoded."""
        return f"{self.base}/dataSources?dataSet={quote(self.data_set(data_set_id), safe='')}"

    def data_set_grant(self, grant_id: int) -> str:
        """`/dataSetGrants/{id}`: a data set grant's URI."""
        return f"{self.base}/dataSetGrants/{grant_id}"

    def data_source(self, data_source_id: int) -> str:
        """`/dataSources/{id}`: a data source's URI."""
        return f"{self.base}/dataSources/{data_source_id}"

    def source_grants_of(self, data_source_id: int) -> str:
        """The data source's grants listing, its link unencoded as seed 002 prints it."""
        # Seed 002 prints the data source link unencoded here (and in `collections`).
        return f"{self.base}/sourceGrants?dataSource={self.data_source(data_source_id)}"

    def collections_of(self, data_source_id: int) -> str:
        """The data source's collections listing, its link unencoded as seed 002 prints it."""
        return f"{self.base}/collections?dataSource={self.data_source(data_source_id)}"

    def source_grant(self, grant_id: int) -> str:
        """`/sourceGrants/{id}`: a source grant's URI."""
        return f"{self.base}/sourceGrants/{grant_id}"

    def collection(self, collection_id: int) -> str:
        """`/collections/{id}`: a collection's URI."""
        return f"{self.base}/collections/{collection_id}"

    def items(self, collection_id: int) -> str:
        """`/collections/{id}/items`: a collection's items."""
        return f"{self.base}/collections/{collection_id}/items"

    def item(self, collection_id: int, item_id: int) -> str:
        """`/collections/{id}/items/{item}`: an item's URI, numbered within its collection."""
        return f"{self.base}/collections/{collection_id}/items/{item_id}"

    def schema(self, collection_id: int) -> str:
        """`/collections/{id}/schema`: a collection's fields."""
        return f"{self.base}/collections/{collection_id}/schema"

    def field(self, collection_id: int, field_id: int) -> str:
        """`/collections/{id}/schema/{field}`: a field's URI."""
        return f"{self.base}/collections/{collection_id}/schema/{field_id}"

    def properties(self, collection_id: int) -> str:
        """`/collections/{id}/properties`: a collection's property bag."""
        return f"{self.base}/collections/{collection_id}/properties"

    def metadata(self, collection_id: int) -> str:
        """`/collections/{id}/metadata`: a collection's metadata collections."""
        return f"{self.base}/collections/{collection_id}/metadata"
