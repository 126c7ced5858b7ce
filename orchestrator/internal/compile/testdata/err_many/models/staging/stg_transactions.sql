select * from {{ source "raw" "transactoins" }}
