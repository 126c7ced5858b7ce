-- The value dashboard's headline, one row. Sums over nothing are 0; means, medians and
-- percentages over nothing are NULL.
with recent_txs as (

    select fee_ustx, nv_btc, price_missing
    from {{ ref "tx_priced" }}
    where {{ template "last_days" 30 }}

),

window_30 as (

    select activation_date, fee_stx_sum
    from {{ ref "waltv" }}
    where window_days = 30 and {{ template "mature_rows" }}

),

recent_cohort as (

    select funded, active_30d, value_30d
    from {{ ref "wallet_funnel" }}
    where activation_time >= {{ var "as_of" }} - to_days(30)

),

final as (

    select
        {{ var "as_of" }} as as_of,
        (select coalesce({{ template "exact_sum" "nv_btc" }}, 0) from recent_txs) as nv_btc_30d,
        (select coalesce(sum(fee_ustx), 0) / 1e6 from recent_txs) as fee_stx_30d,
        (select count(*) from recent_txs) as tx_count_30d,
        (select count(*) filter (where price_missing) from recent_txs) as price_missing_tx_count_30d,
        (select {{ template "exact_avg" "fee_stx_sum" }} from window_30) as avg_waltv30_stx,
        (select median(fee_stx_sum) from window_30) as median_waltv30_stx,
        (select count(*) from window_30) as waltv30_wallets,
        (select count(distinct activation_date) from window_30) as waltv30_cohorts,
        (select count(*) from recent_cohort) as cohort_wallets_30d,
        (select count(*) filter (where funded) from recent_cohort) as funded_wallets,
        (select count(*) filter (where active_30d) from recent_cohort) as active_wallets,
        (select count(*) filter (where value_30d) from recent_cohort) as value_wallets,
        (select 100.0 * count(*) filter (where active_30d and funded)
            / nullif(count(*) filter (where funded), 0) from recent_cohort) as active_funded_pct,
        (select 100.0 * count(*) filter (where value_30d and funded)
            / nullif(count(*) filter (where funded), 0) from recent_cohort) as value_funded_pct

)

select * from final
