"""The diagnostics' statistics (summed as exact decimals, macros/metrics/exact_aggregates.sql) against the same
statistics computed here in Python from the rows they summarise: Spearman's rank correlation with average ranks
for ties, means and sample standard deviations."""

import math
import statistics
from collections import defaultdict

from tests.dbt.dbt_support import query


def average_ranks(values: list[float]) -> list[float]:
    """1-based ranks; tied values share the mean of the ranks they span."""
    ordered = sorted(values)
    return [ordered.index(value) + 1 + (ordered.count(value) - 1) / 2 for value in values]


def close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9))


def test_hand_checked_average_ranks():
    assert average_ranks([0.5, 0.9, 0.7, 0.9, 1.2]) == [1, 3.5, 2, 3.5, 5]
    # ratings 1, 2, 2, 3, 4 against those: Σdxdy 8.75 over √(9.5 · 9.5)
    assert math.isclose(statistics.correlation([1, 2.5, 2.5, 4, 5], average_ranks([0.5, 0.9, 0.7, 0.9, 1.2])),
                        8.75 / 9.5)


def test_rating_agreement_against_python(staged):
    rated = defaultdict(list)
    for manager, cycle, rating, attainment, residual in query(staged.warehouse, """
            SELECT rated_by, cycle_id, rating, overall_attainment, rating_residual FROM fct_diagnostic_people
            WHERE rating IS NOT NULL"""):
        rated[(manager, cycle)].append((float(rating), attainment, residual))
    agreements = query(staged.warehouse, """SELECT manager_id, cycle_id, people, mean_rating, mean_attainment,
        rank_correlation, rating_residual_mean FROM fct_rating_agreement""")
    assert agreements
    for manager, cycle, people, mean_rating, mean_attainment, correlation, residual_mean in agreements:
        rows = rated[(manager, cycle)]
        ratings, attainments = [r for r, _, _ in rows], [a for _, a, _ in rows]
        assert close(mean_rating, statistics.fmean(ratings)), (manager, cycle)
        assert close(residual_mean, statistics.fmean([r for _, _, r in rows]))
        assert people == len(rows)
        paired = [(r, a) for r, a in zip(ratings, attainments) if a is not None]
        if attainments.count(None) < len(attainments):
            assert close(mean_attainment, statistics.fmean([a for a in attainments if a is not None]))
        ranks_r, ranks_a = average_ranks([r for r, _ in paired]), average_ranks([a for _, a in paired])
        varies = len(paired) > 1 and len(set(ranks_r)) > 1 and len(set(ranks_a)) > 1
        expected = statistics.correlation(ranks_r, ranks_a) if varies else None
        assert close(correlation, expected), (manager, cycle, correlation, expected)


def test_calibration_spreads_against_python(staged):
    members = defaultdict(list)
    for group_type, group_id, cycle, attainment, residual in query(staged.warehouse, """
            SELECT 'manager', manager_id, cycle_id, overall_attainment, residual FROM fct_diagnostic_people
            WHERE overall_attainment IS NOT NULL AND manager_id IS NOT NULL
            UNION ALL
            SELECT 'team', team_id, cycle_id, overall_attainment, residual FROM fct_diagnostic_people
            WHERE overall_attainment IS NOT NULL AND team_id IS NOT NULL"""):
        members[(group_type, group_id, cycle)].append((attainment, residual))
    groups = query(staged.warehouse, """SELECT group_type, group_id, cycle_id, mean_attainment, attainment_spread,
        residual_spread, residual_mean FROM fct_calibration_groups WHERE group_type IN ('manager', 'team')""")
    assert len(groups) == len(members)
    for group_type, group_id, cycle, mean, spread, residual_spread, residual_mean in groups:
        attainments, residuals = zip(*members[(group_type, group_id, cycle)])
        assert close(mean, statistics.fmean(attainments)), (group_type, group_id, cycle)
        assert close(residual_mean, statistics.fmean(residuals))
        assert close(spread, statistics.stdev(attainments) if len(attainments) > 1 else None)
        assert close(residual_spread, statistics.stdev(residuals) if len(residuals) > 1 else None)
