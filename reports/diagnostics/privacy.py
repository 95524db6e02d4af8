"""Small-group suppression for the aggregate view.

Rule: every group with fewer than `min_group_size` people is suppressed (its size and figures blanked). Where the
report also publishes a total over sibling groups (a department over its teams, the org over its departments), a
lone suppressed figure could be recovered by subtracting the others from that total, so the next-smallest sibling
is suppressed too, and further ones until the suppressed siblings together hold at least `min_group_size` people
(complementary suppression). The HR view is not suppressed; it marks small groups instead."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

SUPPRESSED = "suppressed"


def privacy_note(min_group_size: int, view: str) -> str:
    if view == "hr":
        return (f"HR view: individuals may be named. Groups under {min_group_size} people are shown but marked as "
                "small; do not share this view beyond HR.")
    return (f"Aggregate view: every group under {min_group_size} people is suppressed, and wherever a suppressed "
            "figure could be recovered by subtraction from a published total, the next-smallest groups are "
            f"suppressed too until the suppressed groups together hold at least {min_group_size} people. "
            "No person is named.")


def suppress_small_groups(frame: pd.DataFrame, size_column: str, value_columns: Sequence[str], min_group_size: int,
                          parent_column: str | None = None, has_total: bool = True) -> pd.DataFrame:
    """A copy of `frame` with a boolean `suppressed` column and, on suppressed rows, `size_column` and
    `value_columns` blanked (NaN). Siblings are the rows sharing `parent_column` (all rows when None); complementary
    suppression applies among siblings whose total is published (`has_total`)."""
    result = frame.copy()
    sizes = pd.to_numeric(result[size_column], errors="coerce").fillna(0)
    suppressed = sizes < min_group_size
    if has_total and len(result):
        parents = result[parent_column] if parent_column else pd.Series(0, index=result.index)
        for _, siblings in sizes.groupby(parents, sort=False):
            suppressed = _complement(siblings, suppressed, min_group_size)
    result[SUPPRESSED] = suppressed.astype(bool)
    columns = [size_column, *value_columns]
    result[columns] = result[columns].astype("float64")
    result.loc[result[SUPPRESSED], columns] = float("nan")
    return result


def _complement(sizes: pd.Series, suppressed: pd.Series, min_group_size: int) -> pd.Series:
    """Suppress next-smallest siblings until no suppressed figure stands alone or below the threshold together."""
    suppressed = suppressed.copy()
    while True:
        hidden = suppressed[sizes.index]
        if not hidden.any() or (hidden.sum() >= 2 and sizes[hidden].sum() >= min_group_size):
            return suppressed
        visible = sizes[~hidden]
        if visible.empty:
            return suppressed
        # the smallest visible sibling; ties broken by position so the choice is stable
        suppressed[visible.sort_values(kind="stable").index[0]] = True


def drop_suppressed_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """Suppressed rows never carry a flag: the report would otherwise point at a group it withholds."""
    if "flagged" in frame and SUPPRESSED in frame:
        frame = frame.copy()
        frame.loc[frame[SUPPRESSED], "flagged"] = False
    return frame
