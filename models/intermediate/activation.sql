-- A wallet is born at its first eligible successful transaction over all stored history.
-- Cohorts are the wallets born in [max(data_start, as_of - max_days), as_of).
with successful as (

    select address, block_time
    from {{ ref "eligible_txs" }}
    where tx_status = 'success'

),

first_tx as (

    select address, min(block_time) as activation_time
    from successful
    group by address

)

select
    address,
    activation_time,
    cast(activation_time as date) as activation_date,
    activation_time >= {{ template "cohort_start" }} as is_cohort
from first_tx
