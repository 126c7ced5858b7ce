select
    cast(block_time as date) as day,
    sum(fee_ustx) as fee_ustx
from staging.stg_transactions
where block_time < timestamp '2026-01-31 12:34:56'
group by 1
