{{/*
  interpolate: fills a gap in an hourly series linearly when it is at most price_tolerance_hours
  long (counted in missing hours); longer gaps stay NULL. Call with
  (dict "col" "stx_btc") inside a query over a gap-free hourly spine `hour`.
*/}}
{{- define "interpolate" -}}
case
    when {{ .col }} is not null then {{ .col }}
    when epoch(next_{{ .col }}_hour - prev_{{ .col }}_hour) / 3600 - 1 <= {{ var "price_tolerance_hours" }}
        then prev_{{ .col }} + (next_{{ .col }} - prev_{{ .col }})
            * epoch(hour - prev_{{ .col }}_hour) / epoch(next_{{ .col }}_hour - prev_{{ .col }}_hour)
end
{{- end -}}

{{/* neighbours: the previous and next observed value (and its hour) of column .col around each hour. */}}
{{- define "neighbours" -}}
last_value({{ .col }} ignore nulls) over (order by hour rows between unbounded preceding and current row) as prev_{{ .col }},
last_value(case when {{ .col }} is not null then hour end ignore nulls)
    over (order by hour rows between unbounded preceding and current row) as prev_{{ .col }}_hour,
first_value({{ .col }} ignore nulls) over (order by hour rows between current row and unbounded following) as next_{{ .col }},
first_value(case when {{ .col }} is not null then hour end ignore nulls)
    over (order by hour rows between current row and unbounded following) as next_{{ .col }}_hour
{{- end -}}
