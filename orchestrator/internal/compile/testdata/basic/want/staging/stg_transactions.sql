-- one row per user transaction since date '2024-12-23'
select
    tx_id,
    sender, fee_ustx, tx_type,
    block_time
from raw.transactions
where block_time >= date '2024-12-23'
  and tx_type in ('token_transfer', 'contract_call')
  and cast(block_time as date) not in [date '2024-12-25', date '2025-01-01']
