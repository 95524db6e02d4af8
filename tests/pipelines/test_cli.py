"""The `perfloop` command: clear errors before anything runs, and a status view of the raw zone."""

from pathlib import Path

from pipelines.cli import main

REPO_CONFIG = Path(__file__).resolve().parents[2] / "perfloop.yaml"


def test_run_without_a_secret_names_the_variable_and_runs_nothing(monkeypatch, capsys):
    monkeypatch.delenv("PERFLOOP_HUBSPOT_TOKEN", raising=False)
    code = main(["--config", str(REPO_CONFIG), "run", "--stream", "hubspot/owners"])
    err = capsys.readouterr().err
    assert code == 2
    assert "systems.hubspot.secret_env" in err and "PERFLOOP_HUBSPOT_TOKEN is not set" in err


def test_a_broken_config_is_reported_with_file_and_key(tmp_path, capsys):
    config = tmp_path / "perfloop.yaml"
    config.write_text(REPO_CONFIG.read_text().replace('time: "02:00"', 'time: "2am"'))
    assert main(["--config", str(config), "status"]) == 2
    assert f"{config}: schedule.time: expected HH:MM" in capsys.readouterr().err


def test_status_lists_every_configured_stream(tmp_path, capsys):
    config = tmp_path / "perfloop.yaml"
    config.write_text(REPO_CONFIG.read_text())
    assert main(["--config", str(config), "status"]) == 0
    out = capsys.readouterr().out
    for stream in ("salesforce/opportunities", "shopify/orders", "hris/job_history", "files/journal"):
        assert stream in out
