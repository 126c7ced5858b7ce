select
    cast(block_time as date) as day,
    sum(fee_ustx) as fee_ustx
from staging.stg_transactions
where block_time > (select max(block_time) from marts.fees_daily) - interval (3) day
  and true -- only on incremental runs
group by 1
