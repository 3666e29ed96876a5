"""One settings object: the environment read in one place, one source for every default, and build
settings kept by every later build (CLI, web, watch) unless changed explicitly."""
import time
from pathlib import Path

import pytest

from ssc_search.config import BuildSettings, Settings
from ssc_search.index.build import build, load
from ssc_search.library.jobs import JobRunner


def settings_of(index: Path) -> BuildSettings:
    return BuildSettings.from_meta(load(index).meta)


def test_a_rebuild_from_the_web_or_watch_keeps_the_build_settings(small_corpus, tmp_path):
    index = tmp_path / "index"
    chosen = BuildSettings(method="okapi", k1=1.6, b=0.5, extractor="pypdf")
    build(small_corpus, index, extractor="pypdf", params={"method": "okapi", "k1": 1.6, "b": 0.5})
    assert settings_of(index) == chosen
    build(small_corpus, index)  # what `watch` runs
    assert settings_of(index) == chosen
    job = JobRunner(small_corpus, index).submit("reindex")  # what the web's re-index and uploads run
    deadline = time.time() + 60
    while job.status not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.05)
    assert job.status == "done" and settings_of(index) == chosen
    build(small_corpus, index, params={"k1": 0.9})  # changed explicitly: only k1 changes
    assert settings_of(index) == chosen.updated(k1=0.9)


def test_a_first_build_takes_the_defaults(small_corpus, tmp_path):
    build(small_corpus, tmp_path / "index")
    assert settings_of(tmp_path / "index") == BuildSettings()


def test_settings_from_the_environment():
    s = Settings.from_env({"SSC_CORPUS_DIR": "/lib", "SSC_BACKEND": "xapian", "SSC_XAPIAN_SHARDS": "a:1, b:2",
                           "SSC_XAPIAN_NSHARDS": "5", "SSC_XAPIAN_WRITERS": "a:11,b:12,"})
    assert s.corpus_dir == Path("/lib") and s.index_dir == Path("var/index") and s.backend == "xapian"
    assert s.xapian_shards == ("a:1", "b:2") and s.xapian_nshards == 5 and s.xapian_timeout == 2.0
    assert s.xapian_writers == ("a:11", "b:12")
    with pytest.raises(ValueError, match="SSC_BACKEND"):
        Settings.from_env({"SSC_BACKEND": "elastic"})


def test_a_bad_xapian_setting_matters_only_to_xapian():
    assert Settings.from_env({"SSC_XAPIAN_NSHARDS": "many", "SSC_XAPIAN_TIMEOUT": ""}).xapian_nshards == 3
    with pytest.raises(ValueError, match="SSC_XAPIAN_NSHARDS"):
        Settings.from_env({"SSC_BACKEND": "xapian", "SSC_XAPIAN_NSHARDS": "many"})


def test_a_build_after_an_upgrade_of_the_index_format_keeps_the_build_settings(small_corpus, tmp_path):
    import json

    from ssc_search.index.store import FORMAT_VERSION, IndexStore
    index = tmp_path / "index"
    build(small_corpus, index, params={"method": "okapi", "k1": 1.6})
    meta_path = IndexStore(index).current() / "meta.json"
    meta_path.write_text(json.dumps({**json.loads(meta_path.read_text()), "format_version": FORMAT_VERSION - 1}))
    build(small_corpus, index)  # the old generation cannot be served, but its settings are kept
    assert load(index).meta["format_version"] == FORMAT_VERSION
    assert settings_of(index) == BuildSettings(method="okapi", k1=1.6)
