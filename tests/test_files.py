"""Files a team can share: what we write gets the permissions the user's umask gives a new file (0644 under the
usual 022), still written atomically (a temporary file, private while written, moved into place)."""
import os
import stat
from contextlib import contextmanager

import pytest

from analysis.io import files
from analysis.runs import decisions as dec

WHEN = "2025-06-01T09:00:00+00:00"


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, want", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_gets_the_umasks_mode(tmp_path, mask, want):
    with umask(mask):
        assert files._umask() == mask
        files.write_atomically(tmp_path / "a.csv", "x\n")
        with files.replace_atomically(tmp_path / "b.dna") as tmp:
            assert mode(tmp) == 0o600  # private while it is written
            tmp.write_bytes(b"data")
    assert mode(tmp_path / "a.csv") == want and mode(tmp_path / "b.dna") == want
    assert (tmp_path / "b.dna").read_bytes() == b"data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.dna"]  # no temporary file left


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "shared.csv"
    path.write_text("old\n")
    path.chmod(0o664)
    with umask(0o077):
        files.write_atomically(path, "new\n")
    assert mode(path) == 0o664 and path.read_text() == "new\n"


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "x.dna"
    path.write_bytes(b"before")
    with pytest.raises(RuntimeError):
        with files.replace_atomically(path) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("interrupted")
    assert path.read_bytes() == b"before" and [p.name for p in tmp_path.iterdir()] == ["x.dna"]


def test_the_corrections_file_is_readable_by_the_team(tmp_path):
    row = {"action": "confirm", "article_id": "a1", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1",
           "analyst": "A", "time": WHEN}
    with umask(0o022):
        dec.append_corrections(tmp_path / "corrections.csv", [row])
        dec.append_corrections(tmp_path / "corrections.csv", [row])
    assert mode(tmp_path / "corrections.csv") == 0o644
    assert len(dec.read_corrections(tmp_path / "corrections.csv")) == 2


def test_another_analysts_lock_file_is_opened_to_read(tmp_path, monkeypatch):
    """The lock beside the corrections file may belong to a colleague (readable, not writable): appending still
    works, locking through a read-only handle."""
    lock = tmp_path / ".corrections.csv.lock"
    lock.write_text("")
    modes = []

    def colleagues(path, mode="r", *args, **kwargs):
        modes.append(mode)
        if str(path) == str(lock) and mode != "r":
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(dec, "open", colleagues, raising=False)
    row = {"action": "reject", "article_id": "a1", "char_start": "0", "stakeholder_id": "XXA", "issue_id": "i1",
           "analyst": "B", "time": WHEN}
    dec.append_corrections(tmp_path / "corrections.csv", [row])
    assert modes[:2] == ["a", "r"] and len(dec.read_corrections(tmp_path / "corrections.csv")) == 1


def test_a_dna_database_is_readable_by_the_team(corpus_run, tmp_path):
    from analysis.io.store import read_run
    from analysis.review import dna
    from analysis.review.workflow import read_articles
    from conftest import CORPUS
    st = read_run(corpus_run, "statements").head(3)
    with umask(0o022):
        path = dna.export_database(st, read_run(corpus_run, "articles"), read_articles(CORPUS), tmp_path / "x.dna")
        csv = dna.write_dna(dna.export_dna(st, read_run(corpus_run, "articles")), tmp_path / "x.csv")
    assert mode(path) == 0o644 and mode(csv) == 0o644
