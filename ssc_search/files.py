"""Writing a file so that a reader sees its old content or its new, never half of it: the bytes go
to a temporary file in the same folder, are flushed to disk, and replace the file in one rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

_UMASK = os.umask(0)  # read once, at import: os.umask can only be read by setting it
os.umask(_UMASK)


def atomic_write(path: Path, data: bytes, prefix: str = ".tmp-", durable: bool = True) -> None:
    """Replace `path` with `data` at once; on any failure the temporary file goes and `path` is as it was.
    `durable=False` skips the flush to disk: after a power cut the file may be old, empty or cut short,
    which a cache that checks what it reads takes as a miss."""
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o777  # a file replaced keeps its permissions
    except OSError:
        mode = 0o666 & ~_UMASK  # a new one gets what any new file would (mkstemp's are the owner's alone)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
