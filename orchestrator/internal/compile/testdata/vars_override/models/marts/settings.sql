select
    {{ var "as_of" }} as as_of,
    {{ var "max_days" }} as max_days,
    {{ var "windows" }} as windows,
    {{ var "band_days" }} as band_days,
    {{ var "fee_min" }} as fee_min,
    {{ var "mature_only" }} as mature_only,
    {{ var "label" }} as label,
    {{ var "start" }} as start,
    {{ var "tx_types" }} as tx_types
{{- if not (var "mature_only") }}
where true -- mature_only is off
{{- end }}
