"""A ZIP archive opened with suspicion: every check happens before any XML is parsed.

DOCX files come from counterparties, so the archive is checked first: it is a ZIP at
all (an OLE/CFB file is a password-protected Office file or a legacy .doc), it is not
truncated, its member count, declared sizes and compression ratios are within
``core/limits.py``, and no member is encrypted. Declared sizes can lie, so
``read`` also stops once the bytes actually inflated pass the cap.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from . import limits
from .errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_CHUNK = 1 << 16


class CappedZip:
    def __init__(self, label: str, data: bytes, kind: str = "DOCX"):
        self.label = label
        if data.startswith(OLE_MAGIC):
            raise InputError(f"{label}: is a password-protected (encrypted) Office file or a "
                             f"legacy Word .doc; remove the password or save it as .docx")
        if not data.startswith(ZIP_MAGICS):
            raise InputError(f"{label}: is not a {kind} file (a {kind} is a ZIP archive; "
                             f"this file does not start like one)")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError,
                NotImplementedError) as error:  # NotImplementedError: "zip file version 6.4"
            raise InputError(f"{label}: the ZIP archive is truncated or damaged ({error})") from None
        self._check(members)
        self.names = {member.filename for member in members}
        self._budget = limits.MAX_ZIP_TOTAL_BYTES

    def _check(self, members: list[zipfile.ZipInfo]) -> None:
        if len(members) > limits.MAX_ZIP_MEMBERS:
            raise InputError(f"{self.label}: the archive has {len(members):,} members "
                             f"(limit {limits.MAX_ZIP_MEMBERS:,}); not a Word document")
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise InputError(f"{self.label}: archive member {member.filename} is encrypted")
            if member.file_size > limits.MAX_ZIP_MEMBER_BYTES:
                raise InputError(f"{self.label}: archive member {member.filename} would unpack "
                                 f"to {member.file_size:,} bytes (limit "
                                 f"{limits.MAX_ZIP_MEMBER_BYTES:,}); refusing a possible zip bomb")
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size >= limits.ZIP_RATIO_MIN_BYTES and ratio > limits.MAX_ZIP_RATIO:
                raise InputError(f"{self.label}: archive member {member.filename} is compressed "
                                 f"{ratio:,.0f}:1 (limit {limits.MAX_ZIP_RATIO}:1); "
                                 f"refusing a possible zip bomb")
            total += member.file_size
        if total > limits.MAX_ZIP_TOTAL_BYTES:
            raise InputError(f"{self.label}: the archive would unpack to {total:,} bytes "
                             f"(limit {limits.MAX_ZIP_TOTAL_BYTES:,}); refusing a possible zip bomb")

    def read(self, name: str) -> bytes:
        """The member's bytes, never more than the per-member cap or the archive budget."""
        cap = min(limits.MAX_ZIP_MEMBER_BYTES, self._budget)
        chunks, size = [], 0
        try:
            with self.zip.open(name) as handle:
                while True:  # bounded: each pass adds a chunk, and size is capped below
                    chunk = handle.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > cap:
                        raise InputError(f"{self.label}: archive member {name} unpacks beyond "
                                         f"{cap:,} bytes; refusing a possible zip bomb")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                ValueError) as error:  # ValueError: a header offset that points before the file
            raise InputError(f"{self.label}: archive member {name} is damaged ({error})") from None
        self._budget -= size
        return b"".join(chunks)
