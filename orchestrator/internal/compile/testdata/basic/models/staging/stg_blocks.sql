select * from {{ source "raw" "blocks" }}
