"""Software components: each belongs to one engineering team, lives in one GitHub repo, and is how defects
(Jira bug components, GitHub `area:` labels) are attributed to the responsible team."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.company import columns as col
from demo.company.org import Org

REPOS = ("demo-co/web", "demo-co/api", "demo-co/mobile")


def build_components(org: Org) -> pd.DataFrame:
    teams = org.teams[org.teams["kind"] == "engineering"]
    rows = []
    for team, row in teams.iterrows():
        area = row["team"].removeprefix("Engineering ")
        parts = (("App", 2), ("Sync", 2)) if area.startswith("Mobile") else (("API", 1), ("UI", 0))
        for suffix, repo in parts:
            name = f"{area} {suffix}"
            rows.append({"component": name, "label": "area:" + name.lower().replace(" ", "-"), "repo": repo,
                         "team": team})
    return pd.DataFrame(rows)


def components_of_teams(components: pd.DataFrame, teams: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One of each team's components, drawn uniformly (index into `components`)."""
    first = components.reset_index().groupby("team")["index"].agg(["min", "count"])
    return first["min"].loc[teams].to_numpy() + rng.integers(0, first["count"].loc[teams].to_numpy())


def components_table(components: pd.DataFrame, org: Org) -> dict:
    return {"component": col.text(components["component"].to_numpy()),
            "github_label": col.text(components["label"].to_numpy()),
            "repo": col.pick(REPOS, components["repo"].to_numpy()),
            "team_id": col.text(org.teams["team_id"].to_numpy()[components["team"].to_numpy()])}
