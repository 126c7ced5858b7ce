select {{ var "max_day" }}
from {{ ref "stg_transactons" }}
