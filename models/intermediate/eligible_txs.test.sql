{{ define "wallet_keys_are_unique" }}
-- Models join and group wallets on hash(address), a 64-bit key; two senders sharing one would
-- be merged. This fails before anything is published if it ever happens.
select hash(address) as wallet_key, count(distinct address) as addresses
from {{ this }}
group by 1
having count(distinct address) > 1
{{ end }}
