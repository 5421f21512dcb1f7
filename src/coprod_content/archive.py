"""Reproducible zip archives, built in memory.

The same members give the same bytes: entries sorted by name, one timestamp
given by the caller (``source_date_epoch`` reads ``SOURCE_DATE_EPOCH`` for the
command line, which passes it on), fixed permissions, no extra fields and a fixed
compression level. Shared by every package target.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Mapping

DEFAULT_EPOCH = 1577836800  # 2020-01-01T00:00:00Z
_ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can hold
_ZIP_EPOCH_MAX = 4354819198  # 2107-12-31, the latest
_FILE_MODE = 0o100644  # regular file, rw-r--r--


def source_date_epoch(environ: Mapping[str, str], default: int = DEFAULT_EPOCH) -> int:
    """The build timestamp: ``SOURCE_DATE_EPOCH`` when set in ``environ``, else ``default``.

    Raises:
        ValueError: ``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds.
    """
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, found {raw!r}")
    return int(raw)


def zip_bytes(members: Mapping[str, bytes], *, epoch: int) -> bytes:
    """A deflated zip of ``members`` (path -> bytes) whose bytes depend only on its inputs.

    Args:
        members: each member's path in the zip and its bytes.
        epoch: every member's time, in seconds since 1970 (clamped to what zip can hold).
    """
    when = min(max(epoch, _ZIP_EPOCH_MIN), _ZIP_EPOCH_MAX)
    stamp = time.gmtime(when)[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr holds the mode below
            info.external_attr = _FILE_MODE << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()
