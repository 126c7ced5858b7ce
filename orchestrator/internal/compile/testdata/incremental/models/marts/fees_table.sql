select * from {{ ref "fees_daily" }} {{ if is_incremental }}where false{{ end }}
