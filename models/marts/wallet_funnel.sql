-- The funnel per cohort wallet. funded: its latest balance at as_of, if not older than
-- balance_max_age_days, is at least funded_stx_min STX. active_30d and value_30d read the
-- wallet's window-30 measures in cohort_activity (the columns waltv's window-30 row shows; no
-- txs: 0 txs, 0 fees). cohort_activity has every cohort wallet, so it is the cohort here too.
-- Balances are grouped and joined on the 64-bit wallet key, hash(address), as in funded_d0.
with cohort as (

    select address, activation_time, activation_date, tx_count_30, fee_ustx_30 / 1e6 as fee_stx_30
    from {{ ref "cohort_activity" }}

),

fresh_balances as (

    select address, as_of, balance_ustx
    from {{ ref "stg_balances" }}
    where as_of >= {{ var "as_of" }} - to_days({{ var "balance_max_age_days" }})

),

latest_balance as (

    select
        hash(address) as wallet_key,
        arg_max(balance_ustx, as_of) as balance_ustx,
        max(as_of) as balance_as_of
    from fresh_balances
    group by wallet_key

),

final as (

    select
        c.address,
        c.activation_time,
        c.activation_date,
        b.balance_ustx,
        b.balance_as_of,
        coalesce(b.balance_ustx >= {{ var "funded_stx_min" }} * 1e6, false) as funded,
        coalesce(c.tx_count_30, 0) >= {{ var "active_min_tx_30d" }} as active_30d,
        coalesce(c.fee_stx_30, 0) >= {{ var "value_min_fee_stx_30d" }} as value_30d,
        c.activation_time + to_days(30) <= {{ var "as_of" }} as is_mature_30d
    from cohort c
    left join latest_balance b on b.wallet_key = hash(c.address)

)

select * from final
