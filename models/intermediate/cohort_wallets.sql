-- The cohort wallets with their 64-bit key, hash(address), on which cohort_parts joins their txs.
-- A table of its own so that cohort_activity, which lays the parts beside each cohort wallet,
-- starts from a relation whose row count DuckDB knows: a filter on activation would be
-- estimated at a fifth of its rows, below a part's estimate, and DuckDB would then build its
-- hash tables on the growing cohort side instead of on the parts (at 20M txs, out of memory).
select hash(address) as wallet_key, address, activation_time, activation_date, last_tx_time
from {{ ref "activation" }}
where is_cohort
