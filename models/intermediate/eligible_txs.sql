-- Transactions that count as wallet activity: canonical, of a user type (miner and system
-- types do not make wallets), and successful unless failed txs are included (they pay fees).
select
    tx_id,
    address,
    block_time,
    tx_type,
    tx_status,
    fee_ustx,
    fee_stx
from {{ ref "stg_transactions" }}
where canonical
  and list_contains({{ var "user_tx_types" }}, tx_type)
  and (tx_status = 'success' or {{ var "include_failed_txs" }})
