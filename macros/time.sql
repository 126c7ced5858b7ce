{{/* as_of_date: the UTC day of the as_of var. */}}
{{- define "as_of_date" -}}
cast({{ var "as_of" }} as date)
{{- end -}}

{{/* cohort_start: activations from this instant on are cohorts: max(data_start, as_of - max_days). */}}
{{- define "cohort_start" -}}
greatest(cast({{ var "data_start" }} as timestamp), {{ var "as_of" }} - to_days({{ var "max_days" }}))
{{- end -}}

{{/* last_days: the filter "block_time in [as_of - N days, as_of)" for N = `.`; stg_ models already cut at as_of. */}}
{{- define "last_days" -}}
block_time >= {{ var "as_of" }} - to_days({{ . }})
{{- end -}}
