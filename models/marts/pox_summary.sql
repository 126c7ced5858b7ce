-- PoX yield over the last pox_recent_cycles complete cycles (a running cycle is left out).
with recent as (

    select apy_pct, participation_pct
    from {{ ref "pox_cycles" }}
    where complete
    order by cycle_number desc
    limit {{ var "pox_recent_cycles" }}

),

mean as (

    select {{ template "exact_avg" "apy_pct" }} as apy_mean
    from recent

),

final as (

    select
        count(*) as cycles_analyzed,
        any_value(m.apy_mean) as apy_mean,
        median(r.apy_pct) as apy_median,
        sqrt({{ template "exact_sum" "(r.apy_pct - m.apy_mean) ^ 2" }} / nullif(count(r.apy_pct) - 1, 0)) as apy_std,
        min(r.apy_pct) as apy_min,
        max(r.apy_pct) as apy_max,
        {{ template "exact_avg" "r.participation_pct" }} as participation_mean
    from recent r
    cross join mean m

)

select * from final
