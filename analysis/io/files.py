"""Writing without losing anything: a file replaced in one rename, a folder swapped into place in one rename.

Both give what they write the permissions a new file of the user gets (the umask), or those of the file they
replace, so a folder shared by a team stays readable to the team."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    """The process's umask: read from /proc where it is (setting it to read it, os.umask, is not safe while other
    threads create files), else through os.umask."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _new_mode(path: Path) -> int:
    """The mode a file written at `path` gets: that of the file it replaces, else 0o666 less the umask (what
    `open` would give a new file)."""
    return path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()


def write_atomically(path: str | Path, data: bytes | str) -> Path:
    """Write `data` (text is written as UTF-8) to `path` through a temporary file beside it moved into place:
    a failed write leaves `path` as it was. The file keeps the mode of the one it replaces, else the umask's."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _new_mode(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def replace_atomically(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path` for a writer that needs a file name (SQLite): what is written there is
    moved to `path` in one rename when the block ends, with the mode `write_atomically` gives; an error in the
    block leaves `path` as it was and removes the temporary file."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)  # an empty file, which SQLite takes for an empty database
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, _new_mode(path))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def swap_into_place(tmp: str | Path, out_dir: str | Path) -> Path:
    """Move the finished folder `tmp` to `out_dir` in one rename, replacing what was there only then; files get
    the umask's permissions (a temporary folder is private until it is complete)."""
    tmp, out_dir = Path(tmp), Path(out_dir)
    mask = _umask()
    for path in [tmp, *tmp.rglob("*")]:
        if not path.is_symlink():
            path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        out_dir.rename(old)
    tmp.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out_dir
