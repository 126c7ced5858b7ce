-- Every stored transaction before as_of, with the fee in STX. Senders are the wallets.
select
    tx_id,
    sender_address as address,
    sponsor_address,
    block_height,
    block_time,
    tx_type,
    tx_status,
    coalesce(canonical, true) as canonical,
    fee_ustx,
    fee_ustx / 1e6 as fee_stx,
    contract_id,
    function_name
from {{ source "raw" "transactions" }}
where block_time < {{ var "as_of" }}
