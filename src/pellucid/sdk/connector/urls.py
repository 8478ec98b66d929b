"""Where the connector finds Lucid: the ``urls`` object of the official SDK."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LUCID_URLS", "LucidUrls"]


@dataclass(frozen=True)
class LucidUrls:
    """Base URLs, each ending in ``/``; every endpoint URL is built by concatenation.

    ``main`` serves the public key (``.well-known/pem/TPCP``), ``api`` the update endpoint
    (``data/dataSource/update``), ``data_sync`` the metadata and webhook endpoints (Lucid's
    real value is not public; the official SDK has no default either).
    """

    main: str = "https://lucid.app/"
    api: str = "https://api.lucid.co/"
    data_sync: str | None = None

    def __post_init__(self) -> None:
        for name in ("main", "api", "data_sync"):
            value = getattr(self, name)
            if value is not None and not value.endswith("/"):
                object.__setattr__(self, name, value + "/")

    @classmethod
    def single_origin(cls, base: str, data_sync: str | None = None) -> LucidUrls:
        """Everything on one origin, e.g. a local pellucid server: ``http://127.0.0.1:8080/``."""
        base = base if base.endswith("/") else base + "/"
        return cls(main=base, api=base, data_sync=data_sync if data_sync is not None else base)


LUCID_URLS = LucidUrls()
