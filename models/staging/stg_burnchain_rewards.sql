-- Canonical Bitcoin reward slots (payouts to stackers) and miner burns, known at as_of.
select
    burn_block_hash,
    burn_block_height,
    burn_block_time,
    reward_index,
    reward_recipient,
    reward_amount_sats,
    burn_amount_sats
from {{ source "raw" "burnchain_rewards" }}
where coalesce(canonical, true)
  and burn_block_time < {{ var "as_of" }}
