select * from {{ source "raw" "transactions" }}
