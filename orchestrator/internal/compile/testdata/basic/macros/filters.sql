{{- define "user_txs" -}}
tx_type in ({{ range $i, $t := var "user_tx_types" }}{{ if $i }}, {{ end }}{{ $t }}{{ end }})
{{- end }}

{{- define "cols" }}{{ join ", " . }}{{ end }}
