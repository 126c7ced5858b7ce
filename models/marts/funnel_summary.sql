-- The funnel per value window N: cohort wallets activated in the last N days, how many are
-- funded, active and value, and conversion over the funded ones (NULL when none is funded).
with windows as (

    select unnest({{ template "value_windows" }}) as window_days

),

final as (

    select
        w.window_days,
        count(f.address) as cohort_size,
        count(*) filter (where f.funded) as funded,
        count(*) filter (where f.active_30d) as active_30d,
        count(*) filter (where f.value_30d) as value_30d,
        100.0 * count(*) filter (where f.active_30d and f.funded)
            / nullif(count(*) filter (where f.funded), 0) as active_funded_pct,
        100.0 * count(*) filter (where f.value_30d and f.funded)
            / nullif(count(*) filter (where f.funded), 0) as value_funded_pct
    from windows w
    left join {{ ref "wallet_funnel" }} f
        on f.activation_time >= {{ var "as_of" }} - to_days(cast(w.window_days as integer))
    group by w.window_days

)

select * from final
order by window_days
