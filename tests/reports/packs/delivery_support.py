"""Settings for delivering packs from a built warehouse into a scratch output folder."""

from pathlib import Path

import yaml

from settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[3]


def settings_for(warehouse: Path, work: Path, include_indirect: bool = False) -> Settings:
    """The shipped config with its paths in `work`, reading `warehouse`."""
    raw = yaml.safe_load((REPO / "perfloop.yaml").read_text())
    raw["paths"] = {key: str(work / key) for key in raw["paths"]} | {"warehouse": str(warehouse)}
    raw["reports"]["packs"]["include_indirect"] = include_indirect
    work.mkdir(parents=True, exist_ok=True)
    path = work / "perfloop.yaml"
    path.write_text(yaml.safe_dump(raw))
    return load_settings(path)
