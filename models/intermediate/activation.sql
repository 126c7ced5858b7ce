-- A wallet is born at its first eligible successful transaction over all stored history.
-- Cohorts are the wallets born in [max(data_start, as_of - max_days), as_of). Its last eligible
-- tx (failed ones count as activity) is kept too: retention_segmented's survival reads it.
-- It reads tx_priced (every eligible tx, just written) rather than eligible_txs, a view that
-- scans and decompresses raw.transactions a second time: 7 s against 4.2 s at 20M txs.
with per_wallet as (

    select
        address,
        min(block_time) filter (where succeeded) as activation_time,
        max(block_time) as last_tx_time
    from {{ ref "tx_priced" }}
    group by address

)

select
    address,
    activation_time,
    cast(activation_time as date) as activation_date,
    activation_time >= {{ template "cohort_start" }} as is_cohort,
    last_tx_time
from per_wallet
-- a wallet whose every tx failed never activated
where activation_time is not null
