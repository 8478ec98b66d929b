"""Reading the result CSVs from Azure Blob Storage (the async ``azure-storage-blob`` client)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from azure.storage.blob.aio import BlobServiceClient, ContainerClient


@dataclass(frozen=True)
class CsvBlob:
    name: str
    last_modified: datetime
    data: bytes


@dataclass(frozen=True)
class BlobStorage:
    """Where the results live: a connection string (Azurite, an account key or a SAS), or an
    account URL reached with Microsoft Entra ID (managed identity, ``az login``), which needs
    ``pip install azure-identity``."""

    connection_string: str = ""
    account_url: str = ""

    @classmethod
    def from_env(cls) -> BlobStorage:
        storage = cls(os.environ.get("AZURE_STORAGE_CONNECTION_STRING", ""),
                      os.environ.get("AZURE_STORAGE_ACCOUNT_URL", ""))
        if not (storage.connection_string or storage.account_url):
            raise RuntimeError("set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL")
        return storage

    @asynccontextmanager
    async def container(self, name: str) -> AsyncIterator[ContainerClient]:
        """A client for one container, closed (with its HTTP session) when the block ends."""
        if self.connection_string:
            async with BlobServiceClient.from_connection_string(self.connection_string) as service:
                yield service.get_container_client(name)
        else:
            from azure.identity.aio import DefaultAzureCredential

            async with (
                DefaultAzureCredential() as credential,
                BlobServiceClient(self.account_url, credential=credential) as service,
            ):
                yield service.get_container_client(name)


async def read_csvs(container: ContainerClient, prefix: str, concurrency: int = 8) -> list[CsvBlob]:
    """Every ``*.csv`` blob under ``prefix``, downloaded a few at a time, in name order."""
    listed = [blob async for blob in container.list_blobs(name_starts_with=prefix or None)
              if blob.name.lower().endswith(".csv")]
    gate = asyncio.Semaphore(concurrency)

    async def download(name: str, last_modified: datetime) -> CsvBlob:
        async with gate:
            stream = await container.download_blob(name)
            return CsvBlob(name, last_modified, await stream.readall())

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(download(blob.name, blob.last_modified)) for blob in listed]
    return [task.result() for task in tasks]
