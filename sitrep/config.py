"""One frozen settings object: packaged defaults < config file < SITREP_* environment < flags.

Stages receive the settings as an argument; none of them reads files or the environment.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from sitrep.errors import ConfigError

DEFAULTS_FILE = "settings.toml"
LOCAL_FILE = "sitrep.toml"


@dataclass(frozen=True)
class Settings:
    """All settings, grouped by section as in ``sitrep/data/settings.toml``."""

    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def get(self, section: str, key: str) -> Any:
        try:
            return self.values[section][key]
        except KeyError as exc:
            raise ConfigError(f"unknown setting {section}.{key}; see sitrep/data/settings.toml") from exc

    def with_overrides(self, overrides: Mapping[str, Any]) -> "Settings":
        """Return new settings with ``{"section.key": value}`` overrides (None values ignored)."""
        merged = {s: dict(v) for s, v in self.values.items()}
        for dotted, value in overrides.items():
            if value is None:
                continue
            section, key = dotted.split(".", 1)
            if key not in merged.get(section, {}):
                raise ConfigError(f"unknown setting {dotted}; see sitrep/data/settings.toml")
            merged[section][key] = value
        return Settings(merged)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror}); check the path") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file") from exc


def _coerce(value: str, like: Any, name: str) -> Any:
    try:
        if isinstance(like, bool):
            return value.lower() in ("1", "true", "yes", "on")
        if isinstance(like, int):
            return int(value)
        if isinstance(like, float):
            return float(value)
    except ValueError as exc:
        raise ConfigError(f"environment {name}={value!r}: expected a {type(like).__name__}") from exc
    return value


def load_settings(config_file: str | os.PathLike | None = None, *, env: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> Settings:
    """Build the settings: defaults, then ``config_file`` (or ./sitrep.toml), then env, then overrides."""
    defaults = _read_toml(Path(str(resources.files("sitrep.data") / DEFAULTS_FILE)))
    values = {s: dict(v) for s, v in defaults.items()}
    path = Path(config_file) if config_file else (Path(LOCAL_FILE) if Path(LOCAL_FILE).exists() else None)
    if path is not None:
        for section, items in _read_toml(path).items():
            if section not in values or not isinstance(items, dict):
                raise ConfigError(f"{path}: unknown section [{section}]; see sitrep/data/settings.toml")
            for key, value in items.items():
                if key not in values[section]:
                    raise ConfigError(f"{path}: unknown setting {section}.{key}; see sitrep/data/settings.toml")
                values[section][key] = value
    env = os.environ if env is None else env
    for section, items in values.items():
        for key, default in items.items():
            name = f"SITREP_{section}_{key}".upper()
            if name in env:
                items[key] = _coerce(env[name], default, name)
    return Settings(values).with_overrides(overrides or {})
