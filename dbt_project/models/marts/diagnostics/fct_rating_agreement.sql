-- Ratings against the evidence, per manager (the rater) and review cycle with imported ratings:
--   rank_correlation  Spearman's rank correlation between the ratings a manager gave and their people's overall
--                     attainment (ties get their average rank), with a 95% interval by Fisher's z (standard error
--                     sqrt(1.06 / (n - 3)), Fieller et al.; needs 4 or more people);
--   rating_residual   the mean of rating minus the rating the org-wide fit of rating on attainment predicts, with a
--                     95% t-interval: a lenient (+) or harsh (-) rater.
-- Flags follow the calibration rule: disagrees_with_evidence when the whole correlation interval lies below zero
-- (ratings run against the evidence); residual_flag +1 / -1 when the residual interval lies wholly beyond
-- ±`diagnostics_material_rating_residual` rating points.
with rated as (
    select * from {{ ref('fct_diagnostic_people') }} where rating is not null
),

ranked as (
    select
        rated.*,
        rank() over (partition by rated_by, cycle_id order by rating)
            + (count(*) over (partition by rated_by, cycle_id, rating) - 1) / 2.0 as rating_rank,
        rank() over (partition by rated_by, cycle_id order by overall_attainment)
            + (count(*) over (partition by rated_by, cycle_id, overall_attainment) - 1) / 2.0 as attainment_rank
    from rated
),

managers as (
    select
        rated_by as manager_id,
        cycle_id,
        {{ exact_avg('rating') }} as mean_rating,
        {{ exact_avg('overall_attainment') }} as mean_attainment,
        {{ exact_corr('rating_rank', 'attainment_rank') }} as rank_correlation,
        {{ interval_columns('rating_residual', 'rating_residual') }}
    from ranked
    group by rated_by, cycle_id
),

fisher as (
    select
        managers.*,
        -- Fisher's z of the correlation, kept finite at ±1
        case when rating_residual_n >= 4 and rank_correlation is not null then
            0.5 * ln((1 + least(greatest(rank_correlation, -0.9999), 0.9999))
                     / (1 - least(greatest(rank_correlation, -0.9999), 0.9999))) end as fisher_z,
        case when rating_residual_n >= 4 then sqrt(1.06 / (rating_residual_n - 3)) end as fisher_se
    from managers
)

select
    manager_id,
    cycle_id,
    rating_residual_n as people,
    mean_rating,
    mean_attainment,
    rank_correlation,
    {{ tanh('fisher_z - 1.96 * fisher_se') }} as rank_correlation_ci_low,
    {{ tanh('fisher_z + 1.96 * fisher_se') }} as rank_correlation_ci_high,
    coalesce({{ tanh('fisher_z + 1.96 * fisher_se') }} < 0, false) as disagrees_with_evidence,
    rating_residual_mean,
    rating_residual_ci_low,
    rating_residual_ci_high,
    {{ interval_flag('rating_residual', diagnostics_rule('diagnostics_material_rating_residual')) }} as residual_flag
from fisher
