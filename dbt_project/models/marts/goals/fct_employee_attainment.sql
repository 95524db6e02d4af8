-- Overall attainment per employee, review cycle and monthly checkpoint: the weight-averaged capped attainment
-- of the goals they are measured on (their own and their team's shared goals). Goals with too little data are
-- left out of the average, and `weight_with_data` says how much of the 100 the figure rests on.
with employee_goals as (
    select * from {{ ref('fct_employee_goals') }}
),

attainment as (
    select * from {{ ref('fct_goal_attainment') }}
)

select
    employee_goals.employee_id,
    employee_goals.cycle_id,
    attainment.checkpoint_month,
    max(attainment.checkpoint_date) as checkpoint_date,
    {{ dbt.bool_or('attainment.is_latest_checkpoint') }} as is_latest_checkpoint,
    {{ dbt.bool_or('attainment.is_cycle_complete') }} as is_cycle_complete,
    count(*) as goal_count,
    sum(case when attainment.attainment is not null then 1 else 0 end) as goals_with_data,
    sum(employee_goals.weight) as total_weight,
    sum(case when attainment.attainment is not null then employee_goals.weight else 0 end) as weight_with_data,
    -- summed as exact decimals (macro exact_decimal): its last bit decided ties when people were ranked by it
    cast(sum({{ exact_decimal('employee_goals.weight * attainment.attainment') }})
        / nullif(sum(case when attainment.attainment is not null then employee_goals.weight end), 0)
        as {{ type_double() }}) as overall_attainment
from employee_goals
inner join attainment
    on attainment.goal_id = employee_goals.goal_id and attainment.cycle_id = employee_goals.cycle_id
group by employee_goals.employee_id, employee_goals.cycle_id, attainment.checkpoint_month
