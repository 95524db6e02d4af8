"""Small-group suppression on hand-made frames: small groups blanked, and the subtraction case closed."""

import math

import pandas as pd

from reports.diagnostics.privacy import drop_suppressed_flags, suppress_small_groups


def teams(sizes: dict[str, int], department: str = "Sales") -> pd.DataFrame:
    return pd.DataFrame({"team": list(sizes), "department": department, "n": list(sizes.values()),
                         "mean": [0.5 + i / 10 for i in range(len(sizes))]})


def hidden(frame: pd.DataFrame) -> set[str]:
    return set(frame.loc[frame["suppressed"], "team"])


def test_a_group_under_the_threshold_loses_its_size_and_figures():
    result = suppress_small_groups(teams({"a": 4, "b": 9, "c": 12}), "n", ["mean"], 5, has_total=False)
    assert hidden(result) == {"a"}
    row = result[result["team"] == "a"].iloc[0]
    assert math.isnan(row["n"]) and math.isnan(row["mean"])
    assert result.loc[result["team"] == "b", "mean"].iloc[0] == 0.6


def test_with_a_published_total_the_next_smallest_sibling_is_suppressed_too():
    # department total 4 + 6 + 9 = 19 is published: with only "a" hidden, 19 - 6 - 9 would give it away
    result = suppress_small_groups(teams({"a": 4, "b": 9, "c": 6}), "n", ["mean"], 5, parent_column="department")
    assert hidden(result) == {"a", "c"}


def test_complementary_suppression_continues_until_the_hidden_groups_hold_the_threshold():
    # a (1) and b (2) are both small: together 3 < 5, so subtracting would still reveal a tiny group; hide c too
    result = suppress_small_groups(teams({"a": 1, "b": 2, "c": 6, "d": 8}), "n", ["mean"], 5,
                                   parent_column="department")
    assert hidden(result) == {"a", "b", "c"}


def test_siblings_are_the_rows_of_one_parent_only():
    frame = pd.concat([teams({"a": 3, "b": 7, "c": 8}, "Sales"), teams({"d": 6, "e": 9}, "Support")])
    result = suppress_small_groups(frame.reset_index(drop=True), "n", ["mean"], 5, parent_column="department")
    assert hidden(result) == {"a", "b"}


def test_without_a_total_nothing_can_be_subtracted_and_only_small_groups_go():
    result = suppress_small_groups(teams({"a": 3, "b": 7, "c": 8}), "n", ["mean"], 5, has_total=False)
    assert hidden(result) == {"a"}


def test_a_suppressed_group_is_never_flagged():
    frame = teams({"a": 3, "b": 7, "c": 8}).assign(flagged=[True, True, False])
    result = drop_suppressed_flags(suppress_small_groups(frame, "n", ["mean"], 5))
    assert list(result["flagged"]) == [False, False, False]
