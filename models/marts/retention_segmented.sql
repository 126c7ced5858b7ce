-- Funded retention by segment. Members are the cohort wallets funded on D0; segments All,
-- Value and Non-value (value_30d, the one definition). The anchor is the largest window with at
-- least one member cohort old enough for it; the eligible pool - members of cohorts old enough
-- for the anchor - is the one denominator of every window up to the anchor.
--   survival: some activity on day offset N or later (up to as_of); window 0 is 100 %;
--   cumulative: some activity on a day offset in (0, N]; window 0 is 0 %.
-- An empty segment has no rows. A member's last day with a tx and first day after day 0 with
-- one come from cohort_activity (already summed there; scanning the 20M txs again took 2 s).
with windows as (

    select unnest(list_sort(list_distinct(list_concat({{ var "roi_windows" }}, [1, 15, 30, 60, 90, 180])))) as window_days

),

members as (

    select
        f.address,
        f.activation_date,
        coalesce(v.value_30d, false) as value_30d,
        cast(a.last_tx_time as date) - f.activation_date as last_offset,
        a.first_later_day_offset as first_later_offset
    from {{ ref "funded_d0" }} f
    left join {{ ref "wallet_funnel" }} v using (address)
    left join {{ ref "cohort_activity" }} a using (address)
    where f.funded_d0

),

anchor as (

    select max(w.window_days) as anchor_window_days
    from windows w
    where exists (
        select 1 from members m
        where m.activation_date <= {{ template "as_of_date" }} - cast(w.window_days as integer)
    )

),

pool as (

    select s.segment, m.activation_date, m.last_offset, m.first_later_offset
    from members m
    cross join anchor a
    cross join (values ('All'), ('Value'), ('Non-value')) as s(segment)
    where m.activation_date <= {{ template "as_of_date" }} - cast(a.anchor_window_days as integer)
      and (s.segment = 'All' or (s.segment = 'Value') = m.value_30d)

),

per_window as (

    select
        p.segment,
        w.window_days,
        a.anchor_window_days,
        count(*) as eligible_users,
        count(*) filter (where p.last_offset >= w.window_days) as survived,
        count(*) filter (where p.first_later_offset <= w.window_days) as returned
    from pool p
    cross join anchor a
    join windows w on w.window_days <= a.anchor_window_days
    group by p.segment, w.window_days, a.anchor_window_days

),

final as (

    select 'survival' as mode, segment, window_days, survived as retained_users, eligible_users,
        100.0 * survived / eligible_users as retention_pct, anchor_window_days
    from per_window
    union all
    select 'cumulative', segment, window_days, returned, eligible_users,
        100.0 * returned / eligible_users, anchor_window_days
    from per_window
    union all
    -- window 0: every member is active on day 0 (survival 100 %), none after it (cumulative 0 %)
    select distinct 'survival', segment, 0, eligible_users, eligible_users, 100.0, anchor_window_days
    from per_window
    union all
    select distinct 'cumulative', segment, 0, 0, eligible_users, 0.0, anchor_window_days
    from per_window

)

select * from final
order by mode, segment, window_days
