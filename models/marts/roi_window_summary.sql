-- WALTV averages per ROI window: over all cohort wallets (zeros included), over survivors
-- (active in the window's band) and over wallets funded on D0; only wallets whose window has
-- elapsed when mature_only.
with windows as (

    select unnest({{ template "roi_windows" }}) as window_days

),

cohort as (

    select address, activation_time, activation_date
    from {{ ref "activation" }}
    where is_cohort

),

funded as (

    select address
    from {{ ref "funded_d0" }}
    where funded_d0

),

wallet_windows as (

    select
        w.window_days,
        c.address,
        c.activation_date,
        coalesce(v.fee_stx_sum, 0) as waltv_stx,
        coalesce(v.active_in_window, false) as survivor,
        f.address is not null as funded
    from windows w
    cross join cohort c
    left join {{ ref "waltv" }} v on v.address = c.address and v.window_days = w.window_days
    left join funded f on f.address = c.address
    where c.activation_time + to_days(cast(w.window_days as integer)) <= {{ var "as_of" }}
       or not {{ var "mature_only" }}

),

stats as (

    select
        window_days,
        count(*) as cohort_size,
        count(distinct activation_date) as cohorts,
        {{ template "exact_avg" "waltv_stx" }} as avg_all_stx,
        count(*) filter (where survivor) as survivor_wallets,
        {{ template "exact_avg" "waltv_stx" }} filter (where survivor) as avg_survivor_stx,
        count(*) filter (where funded) as funded_wallets,
        {{ template "exact_avg" "waltv_stx" }} filter (where funded) as avg_funded_stx
    from wallet_windows
    group by window_days

),

final as (

    select
        w.window_days,
        coalesce(s.cohort_size, 0) as cohort_size,
        coalesce(s.cohorts, 0) as cohorts,
        s.avg_all_stx,
        coalesce(s.survivor_wallets, 0) as survivor_wallets,
        s.avg_survivor_stx,
        coalesce(s.funded_wallets, 0) as funded_wallets,
        s.avg_funded_stx
    from windows w
    left join stats s using (window_days)

)

select * from final
order by window_days
