select * from {{ ref "stg_transactions" }}
{{- if false }}
join {{ ref "stg_blocks" }} using (block_height)
{{- else if gt (var "max_days") 0 }}
where true
{{- else }}
where {{ var "nope" }}
{{- end }}
{{- range var "windows" }}
{{- with false }}{{ source "raw" "prices" }}{{ end }}
{{- end }}
