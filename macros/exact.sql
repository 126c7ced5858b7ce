{{/*
  Order-independent aggregates. DuckDB adds doubles in whatever order its threads finish, so a
  double sum can differ in the last bit between two runs on the same data. These sum and average
  in DECIMAL(38, 18) - 128-bit integers, exact in any order - so every mart is reproducible
  bit for bit. Amounts in base units (uSTX, sats) are summed as integers instead.
*/}}
{{- define "exact_sum" -}}
cast(sum(cast({{ . }} as decimal(38, 18))) as double)
{{- end -}}

{{- define "exact_avg" -}}
avg(cast({{ . }} as decimal(38, 18)))
{{- end -}}
