import pytest

from ssc_search.files import atomic_write
from ssc_search.ingest.catalog import text_language


def test_atomic_write_replaces_or_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "catalog.toml"
    atomic_write(target, b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(OSError):
        atomic_write(target, b"half")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.toml"]  # no temporary file left behind


def test_a_documents_language_is_read_from_its_stop_words():
    assert text_language("La Agencia coordina las acciones de cooperación que el Estado realiza.") == "es"
    assert text_language("The Agency coordinates the cooperation that the State carries out.") == "en"
    assert text_language("AMEXCID 2014") == "en"  # undecided: English


def test_atomic_write_keeps_a_files_permissions_and_gives_a_new_one_the_usual_ones(tmp_path):
    import os
    import stat

    shared = tmp_path / "catalog.toml"
    shared.write_bytes(b"old")
    shared.chmod(0o644)
    atomic_write(shared, b"new")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644  # not the temporary file's 0600
    private = tmp_path / "secret.toml"
    private.write_bytes(b"old")
    private.chmod(0o600)
    atomic_write(private, b"new")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    umask = os.umask(0)
    os.umask(umask)
    atomic_write(tmp_path / "fresh.json", b"{}")
    assert stat.S_IMODE((tmp_path / "fresh.json").stat().st_mode) == 0o666 & ~umask
