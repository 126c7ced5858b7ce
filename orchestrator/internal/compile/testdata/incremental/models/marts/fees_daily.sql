select
    cast(block_time as date) as day,
    sum(fee_ustx) as fee_ustx
from {{ ref "stg_transactions" }}
{{ include "since_last_run" }}
{{- if is_incremental }}
  and true -- only on incremental runs
{{- end }}
group by 1
