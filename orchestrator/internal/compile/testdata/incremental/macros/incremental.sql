{{- define "since_last_run" -}}
{{ if is_incremental }}where block_time > (select max(block_time) from {{ this }}) - interval ({{ var "lookback_days" }}) day{{ else }}where block_time < {{ var "as_of" }}{{ end }}
{{- end }}
