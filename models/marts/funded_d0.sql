-- Funded on D0: the earliest balance observed in [activation_time, activation_time +
-- d0_balance_max_lag_days], recorded with the time it was observed.
-- Balances meet the cohort on the 64-bit wallet key, hash(address), as in cohort_parts (0.4 s
-- less than on addresses at 20M txs); a singular test on eligible_txs fails should a balance's
-- address share its key with another address.
with cohort as (

    select address, wallet_key, activation_time, activation_date
    from {{ ref "cohort_wallets" }}

),

first_snapshot as (

    select
        c.wallet_key,
        arg_min(b.balance_ustx, b.as_of) as balance_ustx,
        min(b.as_of) as snapshot_as_of
    from cohort c
    join {{ ref "stg_balances" }} b
        on hash(b.address) = c.wallet_key
        and b.as_of >= c.activation_time
        and b.as_of <= c.activation_time + to_days({{ var "d0_balance_max_lag_days" }})
    group by c.wallet_key

),

final as (

    select
        c.address,
        c.activation_date,
        s.snapshot_as_of is not null as has_snapshot,
        coalesce(s.balance_ustx >= {{ var "funded_stx_min" }} * 1e6, false) as funded_d0,
        s.balance_ustx,
        s.snapshot_as_of
    from cohort c
    left join first_snapshot s using (wallet_key)

)

select * from final
