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

    select distinct t.address, c.activation_date, cast(t.block_time as date) - c.activation_date as day_offset
    from {{ ref "tx_priced" }} t
    join cohort c using (address)

),

sizes as (

    select activation_date, count(*) as cohort_size
    from cohort
    group by activation_date

),

eligible as (

    select s.activation_date, s.cohort_size, w.window_days
    from sizes s
    cross join windows w
    where s.activation_date <= {{ template "as_of_date" }} - cast(w.window_days as integer)

),

retained as (

    -- each active day of a cohort wallet, matched to the windows whose band holds it
    select d.activation_date, w.window_days, count(distinct d.address) as retained_wallets
    from active_days d
    join windows w
        on d.day_offset > w.window_days - w.band_days
        and d.day_offset <= w.window_days
    where d.activation_date <= {{ template "as_of_date" }} - cast(w.window_days as integer)
    group by d.activation_date, w.window_days

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
