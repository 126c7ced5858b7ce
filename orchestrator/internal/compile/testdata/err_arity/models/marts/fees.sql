select *
from {{ ref "stg_transactions" "extra" }}
join {{ source "raw" }} using (id)
where x = {{ var }}
  and y = {{ include "a" "b" "c" }}
  and z = '{{ this "fees" }}'
