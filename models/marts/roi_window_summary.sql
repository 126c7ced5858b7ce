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

members as (

    select c.address, c.activation_time, c.activation_date, f.address is not null as funded
    from cohort c
    left join funded f using (address)

),

-- the wallets each window counts: all cohort wallets, or those whose window has elapsed
counted as (

    select w.window_days, m.address, m.activation_date, m.funded
    from windows w
    join members m
        on m.activation_time + to_days(cast(w.window_days as integer)) <= {{ var "as_of" }}
        or not {{ var "mature_only" }}

),

sizes as (

    select
        window_days,
        count(*) as cohort_size,
        count(distinct activation_date) as cohorts,
        count(*) filter (where funded) as funded_wallets
    from counted
    group by window_days

),

-- WALTV of the counted wallets; a wallet without a waltv row adds 0 and is no survivor
sums as (

    select
        v.window_days,
        sum(cast(v.fee_stx_sum as decimal(38, 18))) as all_stx,
        count(*) filter (where v.active_in_window) as survivor_wallets,
        sum(cast(v.fee_stx_sum as decimal(38, 18))) filter (where v.active_in_window) as survivor_stx,
        sum(cast(v.fee_stx_sum as decimal(38, 18))) filter (where m.funded) as funded_stx
    from {{ ref "waltv" }} v
    join members m using (address)
    where v.window_days in (select window_days from windows)
      and (m.activation_time + to_days(cast(v.window_days as integer)) <= {{ var "as_of" }}
        or not {{ var "mature_only" }})
    group by v.window_days

),

final as (

    select
        w.window_days,
        coalesce(z.cohort_size, 0) as cohort_size,
        coalesce(z.cohorts, 0) as cohorts,
        cast(coalesce(s.all_stx, 0) as double) / nullif(z.cohort_size, 0) as avg_all_stx,
        coalesce(s.survivor_wallets, 0) as survivor_wallets,
        cast(s.survivor_stx as double) / nullif(s.survivor_wallets, 0) as avg_survivor_stx,
        coalesce(z.funded_wallets, 0) as funded_wallets,
        cast(coalesce(s.funded_stx, 0) as double) / nullif(z.funded_wallets, 0) as avg_funded_stx
    from windows w
    left join sizes z using (window_days)
    left join sums s using (window_days)

)

select * from final
order by window_days
