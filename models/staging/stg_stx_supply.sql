-- STX supply observations known at as_of.
select
    as_of,
    total_stx,
    unlocked_stx
from {{ source "raw" "stx_supply" }}
where as_of <= {{ var "as_of" }}
