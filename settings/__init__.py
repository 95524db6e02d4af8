"""The one place for configuration: load and validate `perfloop.yaml` into typed settings."""

from settings.loader import ConfigError, load_settings
from settings.model import Settings, SystemSettings

__all__ = ["ConfigError", "Settings", "SystemSettings", "load_settings"]
