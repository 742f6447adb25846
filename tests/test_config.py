"""Settings precedence: packaged defaults < config file < SITREP_* environment < overrides."""
import pytest

from sitrep.config import load_settings
from sitrep.errors import ConfigError


def test_defaults_are_packaged():
    s = load_settings(env={})
    assert s.get("ingest", "max_file_mb") == 20
    assert s.get("serve", "host") == "127.0.0.1"


def test_file_then_env_then_override(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ingest]\nmax_file_mb = 5\n[serve]\nport = 9000\n")
    s = load_settings(cfg, env={"SITREP_INGEST_MAX_FILE_MB": "7"}, overrides={"serve.port": 9100})
    assert s.get("ingest", "max_file_mb") == 7      # env beats file
    assert s.get("serve", "port") == 9100           # flag beats file
    assert s.get("store", "db") == "sitrep.db"      # untouched default


def test_unknown_setting_in_file_names_file_and_key(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ingest]\nmax_size = 5\n")
    with pytest.raises(ConfigError, match=r"c\.toml: unknown setting ingest\.max_size"):
        load_settings(cfg, env={})


def test_bad_env_value_is_reported():
    with pytest.raises(ConfigError, match="SITREP_INGEST_MAX_FILE_MB"):
        load_settings(env={"SITREP_INGEST_MAX_FILE_MB": "lots"})
