select {{ include "cols" }}
from {{ ref "stg_transactons" }}
