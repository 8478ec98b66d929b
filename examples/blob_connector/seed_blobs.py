"""Upload sample_data/ to a blob container, keeping relative paths as blob names.

    python -m examples.blob_connector.seed_blobs [--container simulation-results]

Uses AZURE_STORAGE_CONNECTION_STRING, else Azurite's well-known development account.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from azure.storage.blob import BlobServiceClient

SAMPLE_DATA = Path(__file__).parent / "sample_data"
AZURITE = "UseDevelopmentStorage=true"  # http://127.0.0.1:10000/devstoreaccount1


def seed(connection_string: str, container: str, source: Path = SAMPLE_DATA) -> list[str]:
    """Create the container if needed and upload every CSV under ``source``; the blob names."""
    names = []
    with BlobServiceClient.from_connection_string(connection_string) as service:
        client = service.get_container_client(container)
        if not client.exists():
            client.create_container()
        for path in sorted(source.rglob("*.csv")):
            name = path.relative_to(source).as_posix()
            client.upload_blob(name, path.read_bytes(), overwrite=True)
            names.append(name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--container", default="simulation-results")
    parser.add_argument("--source", type=Path, default=SAMPLE_DATA)
    args = parser.parse_args()
    connection_string = os.environ.get("AZURE_STORAGE_CONNECTION_STRING", AZURITE)
    for name in seed(connection_string, args.container, args.source):
        print(f"uploaded {args.container}/{name}")


if __name__ == "__main__":
    main()
