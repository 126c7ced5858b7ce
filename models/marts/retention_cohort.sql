-- Active-band retention per (activation day, ROI window) for cohorts old enough for N
-- (activation_date <= as_of_date - N): of every wallet activated that day, the share active on
-- a calendar day offset in (N - band, N] after its activation day.
with windows as (

    select window_days, {{ template "band_days" "window_days" }} as band_days
    from (select unnest({{ template "roi_windows" }}) as window_days)

),

cohort as (

    select address, activation_date
    from {{ ref "activation" }}
    where is_cohort

),

active_days as (

    select distinct t.address, cast(t.block_time as date) - c.activation_date as day_offset
    from {{ ref "tx_priced" }} t
    join cohort c using (address)

),

eligible as (

    select s.activation_date, s.cohort_size, w.window_days, w.band_days
    from (select activation_date, count(*) as cohort_size from cohort group by activation_date) s
    cross join windows w
    where s.activation_date <= {{ template "as_of_date" }} - cast(w.window_days as integer)

),

retained as (

    select e.activation_date, e.window_days, count(distinct d.address) as retained_wallets
    from eligible e
    join cohort c using (activation_date)
    join active_days d
        on d.address = c.address
        and d.day_offset > e.window_days - e.band_days
        and d.day_offset <= e.window_days
    group by e.activation_date, e.window_days

),

final as (

    select
        e.activation_date,
        e.window_days,
        e.cohort_size,
        coalesce(r.retained_wallets, 0) as retained_wallets,
        coalesce(r.retained_wallets, 0) / e.cohort_size as retention_rate
    from eligible e
    left join retained r using (activation_date, window_days)

)

select * from final
order by window_days, activation_date
