{{/* Date helpers. */}}
{{- define "window_start" -}}
{{ var "as_of" }} - interval ({{ . }}) day
{{- end }}

{{- define "in_window" -}}
{{ .col }} >= {{ include "window_start" .days }} and {{ .col }} < {{ var "as_of" }}
{{- end }}
