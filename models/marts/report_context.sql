-- One row of context every page shows: the clock, data coverage, the spot price for USD hints,
-- and the thresholds the definitions quote.
with txs as (

    select min(block_time) as first_block_time, max(block_time) as last_block_time, count(*) as tx_count
    from {{ ref "stg_transactions" }}

),

cohort as (

    select count(*) as cohort_wallets, min(activation_date) as first_cohort_date, max(activation_date) as last_cohort_date
    from {{ ref "activation" }}
    where is_cohort

),

spot as (

    select ts as spot_as_of, stx_usd as spot_stx_usd, btc_usd as spot_btc_usd
    from {{ ref "price_hourly" }}
    where stx_usd is not null and not interpolated
    order by ts desc
    limit 1

),

final as (

    select
        {{ var "as_of" }} as as_of,
        {{ template "as_of_date" }} as as_of_date,
        {{ var "data_start" }} as data_start,
        {{ template "cohort_start" }} as cohort_start,
        t.first_block_time,
        t.last_block_time,
        t.tx_count,
        c.cohort_wallets,
        c.first_cohort_date,
        c.last_cohort_date,
        s.spot_stx_usd,
        s.spot_btc_usd,
        s.spot_as_of,
        {{ var "mature_only" }} as mature_only,
        {{ var "cpa_target_stx" }} as cpa_target_stx,
        {{ var "min_cohort_wallets" }} as min_cohort_wallets,
        {{ var "funded_stx_min" }} as funded_stx_min,
        {{ var "active_min_tx_30d" }} as active_min_tx_30d,
        {{ var "value_min_fee_stx_30d" }} as value_min_fee_stx_30d,
        {{ var "price_tolerance_hours" }} as price_tolerance_hours,
        {{ var "balance_max_age_days" }} as balance_max_age_days,
        {{ var "d0_balance_max_lag_days" }} as d0_balance_max_lag_days,
        {{ var "channel_window_days" }} as channel_window_days,
        {{ var "band_days" }} as band_days,
        {{ template "value_windows" }} as value_windows,
        {{ template "roi_windows" }} as roi_windows,
        list_sort(list_distinct({{ var "trailing_windows" }})) as trailing_windows
    from txs t
    cross join cohort c
    left join spot s on true

)

select * from final
