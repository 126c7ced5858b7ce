-- Balance observations taken at or before as_of.
select
    address,
    as_of,
    block_height,
    balance_ustx,
    locked_ustx,
    source
from {{ source "raw" "balances" }}
where as_of <= {{ var "as_of" }}
