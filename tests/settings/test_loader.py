"""The configuration file: the shipped one loads, and each kind of mistake names file and key."""

from pathlib import Path

import pytest
import yaml

from settings import ConfigError, load_settings

REPO_CONFIG = Path(__file__).resolve().parents[2] / "perfloop.yaml"


def write_variant(tmp_path: Path, edit) -> Path:
    raw = yaml.safe_load(REPO_CONFIG.read_text())
    edit(raw)
    path = tmp_path / "perfloop.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def test_shipped_config_loads_with_paths_next_to_it():
    settings = load_settings(REPO_CONFIG)
    assert settings.schedule.cron == "0 2 * * *"
    assert settings.schedule.timezone == "Europe/Berlin"
    assert settings.review_cycles.months == 6
    assert settings.paths.raw_dir == REPO_CONFIG.parent / ".perfloop" / "raw"
    assert settings.system("salesforce").secret_env == "PERFLOOP_SALESFORCE_TOKEN"
    assert settings.system("files").options["ratings_path"].startswith(str(REPO_CONFIG.parent))


@pytest.mark.parametrize(
    "edit, key, words",
    [
        (lambda r: r["schedule"].update(time="25:61"), "schedule.time", "HH:MM"),
        (lambda r: r["schedule"].update(timezone="Mars/Olympus"), "schedule.timezone", "time zone"),
        (lambda r: r["systems"]["jira"].update(secret_env="abc-real-token-value"), "systems.jira.secret_env", "NAME"),
        (lambda r: r["systems"]["hubspot"].pop("base_url"), "systems.hubspot.base_url", "missing"),
        (lambda r: r["systems"].update(zendesk={}), "systems.zendesk", "unknown key"),
        (lambda r: r["http"].update(max_retries=-1), "http.max_retries", "≥ 0"),
        (lambda r: r["review_cycles"].update(first_start="2024-07-15"), "review_cycles.first_start", "first day"),
        (lambda r: r["company"].update(currency="euro"), "company.currency", "ISO 4217"),
        (lambda r: r["reports"]["packs"].update(include_indirect="yes"), "reports.packs.include_indirect", "true or"),
        (lambda r: r["reports"]["diagnostics"].update(min_group_size=3), "reports.diagnostics.min_group_size", "≥ 5"),
        (lambda r: r["reports"]["packs"].update(paper="A4"), "reports.packs.paper", "unknown key"),
    ],
)
def test_errors_name_file_and_key(tmp_path, edit, key, words):
    path = write_variant(tmp_path, edit)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert err.value.key == key
    assert str(path) in str(err.value) and key in str(err.value) and words in str(err.value)


def test_reports_section_defaults_when_absent_and_reads_when_set(tmp_path):
    shipped = load_settings(REPO_CONFIG).reports
    assert (shipped.packs.include_indirect, shipped.packs.pdf, shipped.diagnostics.min_group_size) == (False, False, 5)

    def edit(raw):
        raw["reports"] = {"packs": {"include_indirect": True, "pdf": True}, "diagnostics": {"min_group_size": 8}}
    configured = load_settings(write_variant(tmp_path, edit)).reports
    assert (configured.packs.include_indirect, configured.packs.pdf) == (True, True)
    assert configured.diagnostics.min_group_size == 8
    absent = load_settings(write_variant(tmp_path, lambda raw: raw.pop("reports"))).reports
    assert absent.packs.include_indirect is False and absent.diagnostics.min_group_size == 5


def test_secret_value_is_not_echoed_back(tmp_path):
    path = write_variant(tmp_path, lambda r: r["systems"]["jira"].update(secret_env="abc-real-token-value"))
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert "environment variable" in str(err.value)
    assert "abc-real-token-value" not in str(err.value)


def test_missing_and_broken_files_are_named(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("schedule: [unclosed")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(broken)
