-- PoX yield over the last pox_recent_cycles complete cycles (a running cycle is left out).
with recent as (

    select apy_pct, participation_pct
    from {{ ref "pox_cycles" }}
    where complete
    order by cycle_number desc
    limit {{ var "pox_recent_cycles" }}

),

final as (

    select
        count(*) as cycles_analyzed,
        avg(apy_pct) as apy_mean,
        median(apy_pct) as apy_median,
        stddev_samp(apy_pct) as apy_std,
        min(apy_pct) as apy_min,
        max(apy_pct) as apy_max,
        avg(participation_pct) as participation_mean
    from recent

)

select * from final
