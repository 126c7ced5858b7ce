-- Which activation windows have elapsed: per window of waltv, the cohorts and wallets whose
-- window is complete at as_of and those still running.
with windows as (

    select unnest({{ template "waltv_windows" }}) as window_days

),

cohort as (

    select address, activation_time, activation_date
    from {{ ref "activation" }}
    where is_cohort

),

final as (

    select
        w.window_days,
        count(distinct c.activation_date) filter (
            where c.activation_time + to_days(cast(w.window_days as integer)) <= {{ var "as_of" }}) as mature_cohorts,
        count(c.address) filter (
            where c.activation_time + to_days(cast(w.window_days as integer)) <= {{ var "as_of" }}) as mature_wallets,
        count(c.address) filter (
            where c.activation_time + to_days(cast(w.window_days as integer)) > {{ var "as_of" }}) as immature_wallets,
        max(c.activation_date) filter (
            where c.activation_time + to_days(cast(w.window_days as integer)) <= {{ var "as_of" }}) as newest_mature_activation_date
    from windows w
    left join cohort c on true
    group by w.window_days

)

select * from final
order by window_days
