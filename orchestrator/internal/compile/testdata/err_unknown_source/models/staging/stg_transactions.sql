select * from {{ source "raw" "transaction" }}
union all
select * from {{ source "rwa" "blocks" }}
union all
select * from {{ source "ext" "prices" }}
