-- Price prints known at as_of; a zero or negative price is a bad print, not a price.
select
    ts,
    symbol,
    price,
    source
from {{ source "raw" "prices" }}
where ts <= {{ var "as_of" }}
  and price > 0
