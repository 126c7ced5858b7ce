-- one row per user transaction since {{ var "data_start" }}
select
    tx_id,
    {{ include "cols" (list "sender" "fee_ustx" "tx_type") }},
    block_time
from {{ source "raw" "transactions" }}
where block_time >= {{ var "data_start" }}
  and {{ template "user_txs" }}
  and cast(block_time as date) not in {{ var "holidays" }}
