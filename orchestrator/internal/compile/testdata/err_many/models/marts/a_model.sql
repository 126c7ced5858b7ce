select 1
from {{ ref "stg_transactions" }}
{{ template "nope" }}
