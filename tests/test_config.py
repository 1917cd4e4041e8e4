"""Settings travel to the report notebook as ``ANALYSIS_*`` environment variables."""

from __future__ import annotations

from analysis import config


def test_settings_round_trip_through_the_environment(tmp_path, monkeypatch):
    settings = config.Settings(
        corpus=tmp_path / "corpus", truth=tmp_path / "truth.yaml", out=tmp_path / "out",
        loading=config.LoadOptions(max_text_chars=1234, max_file_bytes=5678,
                                   follow_outside_links=True, date_order="dmy"))
    for key, value in settings.environment().items():
        monkeypatch.setenv(key, value)
    assert config.settings_from_env() == settings


def test_default_settings_from_an_empty_environment(monkeypatch):
    for key in config.Settings().environment():
        monkeypatch.delenv(key, raising=False)
    assert config.settings_from_env() == config.Settings()
