"""The README documents every setting and every CLI command (kept in step by this test)."""

from quartier.config import SETTINGS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    assert [s.name for s in SETTINGS if f"`{s.name}`" not in README] == []


def test_every_cli_command_is_documented():
    for command in ("init", "create-admin", "demo", "backup", "restore"):
        assert f"quartier {command}" in README


def test_streamlit_config_keeps_privacy_and_speed_settings():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "postScriptGC = false" in config
    assert "gatherUsageStats = false" in config
    assert "enableXsrfProtection = true" in config
    assert 'showErrorDetails = "none"' in config
