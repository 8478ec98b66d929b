"""Signed Data Service requests are checked with a faster build of oauthlib's signature base
string (oauth1/header_signed.py): it must be oauthlib's, byte for byte, for any request."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oauthlib.oauth1.rfc5849.signature import (
    base_string_uri,
    normalize_parameters,
    signature_base_string,
)

from pellucid.server.oauth1.header_signed import base_string, base_string_origin

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
PARAMS = st.lists(st.tuples(TEXT, TEXT), max_size=8)
PATHS = st.text(st.sampled_from("abcXYZ019-._~%/;:@!$'()*+,= ä"), max_size=20)


@given(method=st.sampled_from(["GET", "post", "DELETE"]), path=PATHS, params=PARAMS)
def test_the_base_string_is_oauthlibs(method, path, params):
    uri = base_string_uri("http://127.0.0.1:8000/" + path)
    assert base_string(method, uri, params) == signature_base_string(method, uri, normalize_parameters(params))


@pytest.mark.parametrize("origin", ["http://127.0.0.1:8000", "HTTP://Example.COM:80", "https://example.com:443",
                                    "https://[::1]:8443", "http://lucid.example"])
@pytest.mark.parametrize("path", ["/", "/collections/1/items/5", "/a b/c;d", "/%7Efolder/x%20y"])
def test_the_origin_and_path_make_oauthlibs_base_string_uri(origin, path):
    assert base_string_origin(origin) + path.replace(" ", "%20") == base_string_uri(origin + path)
