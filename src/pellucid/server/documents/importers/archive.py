"""ZIP archives (`.lucid`, `.vsdx`) read defensively: entry count, names (no absolute paths, no
`..`), the sizes they inflate to in total and per entry, all checked before a byte is inflated.
`zipfile` itself stops an entry at its declared size and checks its CRC, so a lying header
cannot inflate more than it declares."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from ...settings import ImportLimits
from .common import InvalidFile


@dataclass
class Archive:
    zip: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]  # name -> info, files only

    def read(self, name: str, limit: int | None = None, what: str | None = None) -> bytes:
        """An entry's bytes, refused above `limit`; an unreadable entry is an invalid file."""
        info = self.entries[name]
        if limit is not None and info.file_size > limit:
            raise InvalidFile(f"{what or name} is {info.file_size:,} bytes; at most {limit:,} are allowed")
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise InvalidFile(f"Archive entry {name!r} cannot be read: {exc}") from None

    def under(self, folder: str) -> list[str]:
        """Names of the files inside `folder/` (any depth), in archive order."""
        prefix = folder.rstrip("/") + "/"
        return [name for name in self.entries if name.startswith(prefix)]


def _safe_name(name: str) -> str:
    clean = name.replace("\\", "/")
    parts = clean.split("/")
    if clean.startswith("/") or (len(parts[0]) == 2 and parts[0][1] == ":") or ".." in parts:
        raise InvalidFile(f"Archive entry {name!r} points outside the archive; it is refused")
    return clean


def open_zip(data: bytes, limits: ImportLimits, what: str) -> Archive:
    """The archive's file entries, after the safety checks; a 400-worthy `InvalidFile` otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InvalidFile(f"The file is not a {what} (a ZIP archive): {exc}") from None
    if len(infos) > limits.max_entries:
        raise InvalidFile(f"The archive has {len(infos):,} entries; at most {limits.max_entries:,} are allowed")
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = _safe_name(info.filename)
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise InvalidFile(f"Archive entry {name!r} is encrypted; it cannot be imported")
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise InvalidFile(f"The archive inflates to more than {limits.max_uncompressed_bytes:,} bytes "
                              f"(at entry {name!r}); that is the limit")
        if info.file_size > limits.max_ratio * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            raise InvalidFile(f"Archive entry {name!r} inflates {info.file_size // max(info.compress_size, 1):,} "
                              f"times its size; at most {limits.max_ratio} times is allowed")
        if name in entries:
            raise InvalidFile(f"The archive holds {name!r} twice")
        entries[name] = info
    return Archive(archive, entries)
