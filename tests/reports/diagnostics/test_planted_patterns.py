"""Every planted pattern of the demo company (DESIGN §8) is found in the 2026H2 diagnostics, and nothing else is
flagged at the planted level. False-positive rules (reports/diagnostics/calibration.py and the marts): a group is
flagged only when its whole 95% interval lies beyond the material effect; the other flags use the thresholds in
dim_diagnostic_rules. The `planted` table of the company says where each pattern was realised."""

from tests.dbt.ground_truth import planted
from tests.reports.diagnostics.support import findings, kinds, table


def only(store, pattern):
    [(subject, detail)] = planted(store, pattern)
    return subject, detail


def test_too_easy_team_targets_are_the_only_goals_and_team_flagged(company, aggregate, hr):
    team, _ = only(company, "too_easy_targets")
    assert [f.evidence["team_id"] for f in findings(aggregate, "goal_too_easy")] == [team]
    # goals look too hard only where sales are planted low (its team is under 5 people: HR view only)
    _, low_region = only(company, "low_sales_region")
    assert {f.evidence["team_id"] for f in findings(hr, "goal_too_hard")} <= set(low_region["team_ids"])
    flagged = table(aggregate, "calibration_by_team").frame
    assert list(flagged.loc[flagged["flagged"], "id"]) == [team]
    assert not findings(aggregate, "calibration_low")


def test_overloaded_delivery_team_is_the_only_one(company, aggregate):
    team, detail = only(company, "overloaded_delivery_team")
    [finding] = findings(aggregate, "overloaded_team")
    assert finding.evidence["team_id"] == team
    assert finding.evidence["volume_ratio"] >= 1.5
    last_month_on_time = list(detail["monthly_on_time_before_clock"].values())[-1]
    assert abs(finding.evidence["on_time_rate"] - last_month_on_time) < 0.02
    assert finding.evidence["on_time_change"] <= -0.05


def test_region_with_persistently_low_sales_is_the_only_persistent_segment(company, aggregate):
    region, _ = only(company, "low_sales_region")
    persistent = [f for kind in kinds(aggregate) if kind.startswith("persistent_") for f in findings(aggregate, kind)]
    assert persistent and {(f.kind, f.subject) for f in persistent} == {("persistent_low_region", region)}
    win_rate = next(f for f in persistent if f.evidence["metric_id"] == "sales_win_rate")
    assert win_rate.evidence["month_streak"] >= 3 and win_rate.evidence["cycle_streak"] >= 2


def test_consistent_top_performer_is_named_in_the_hr_view_with_the_longest_streak(company, hr, aggregate):
    person, detail = only(company, "top_performer")
    streaks = {f.evidence["employee_id"]: f.evidence["band_streak"] for f in findings(hr, "top_performer")}
    assert streaks[person] == len(detail["cycles"])  # top band in every cycle up to 2026H2
    assert all(streak < streaks[person] for other, streak in streaks.items() if other != person)
    assert not findings(aggregate, "top_performer")


def test_unmatched_identities_are_exactly_the_planted_jira_accounts(company, aggregate, hr):
    accounts = {subject for subject, _ in planted(company, "unmatched_identities")}
    [finding] = findings(aggregate, "unmatched_identities")
    assert (finding.subject, finding.evidence["accounts"]) == ("jira", len(accounts))
    assert set(table(hr, "unmatched_accounts").frame["external_id"]) == accounts


def test_mid_cycle_target_change_is_listed_with_old_and_new_target(company, aggregate):
    goal, detail = only(company, "mid_cycle_target_change")
    [finding] = findings(aggregate, "mid_cycle_change")
    assert finding.evidence["goal_id"] == goal
    assert finding.evidence["changed_on"] == detail["changed_on"]
    old, new = finding.evidence["changes"]["target"]
    assert (float(old), float(new)) == (detail["old_target"], detail["new_target"])


def test_defect_spike_month_is_the_only_spike(company, aggregate):
    team, detail = only(company, "defect_spike")
    [finding] = findings(aggregate, "defect_spike")
    assert (finding.evidence["team_id"], finding.evidence["month"]) == (team, detail["month"])
    assert finding.evidence["defects"] == detail["defects_in_month"]


def test_team_smaller_than_five_is_suppressed_in_the_aggregate_view_and_marked_in_the_hr_view(company, aggregate, hr):
    team, detail = only(company, "small_team")
    calibration = table(aggregate, "calibration_by_team").frame.set_index("id")
    assert calibration.loc[team, "suppressed"] and calibration.loc[team, ["n", "value", "low", "high"]].isna().all()
    boxes = table(aggregate, "attainment_by_team").frame.set_index("group")
    assert boxes.loc[calibration.loc[team, "label"], ["n", "median"]].isna().all()
    marked = table(hr, "calibration_by_team").frame.set_index("id")
    assert marked.loc[team, "small_group"] and marked.loc[team, "n"] <= detail["headcount"]
    assert "under 5 people is suppressed" in aggregate.privacy_note


def test_manager_whose_ratings_disagree_is_the_only_one_flagged(company, aggregate, hr):
    manager, _ = only(company, "ratings_disagree_manager")
    [finding] = findings(hr, "ratings_disagree")
    assert finding.subject.endswith(f"({manager})")
    assert finding.evidence["ci_high"] < 0
    assert len(findings(aggregate, "ratings_disagree")) == 1
    assert not findings(hr, "ratings_lenient") and not findings(hr, "ratings_harsh")
