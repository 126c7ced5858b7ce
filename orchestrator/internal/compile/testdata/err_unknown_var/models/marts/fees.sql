select *
from {{ source "raw" "transactions" }}
where days <= {{ var "max_dyas" }}
  and window in {{ var "window_list" }}
