{{ define "wallet_keys_are_unique" }}
-- Models join and group wallets on hash(address), a 64-bit key: txs by their sender, balances
-- by their address. Two addresses sharing a key would be merged. This fails before anything is
-- published if it ever happens.
select hash(address) as wallet_key, count(distinct address) as addresses
from (
    select address from {{ this }}
    union all
    select address from {{ ref "stg_balances" }}
)
group by 1
having count(distinct address) > 1
{{ end }}
