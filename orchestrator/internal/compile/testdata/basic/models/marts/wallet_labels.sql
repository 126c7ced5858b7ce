{{- /* sprig allow-list: lower, upper, trim, replace, default, coalesce, ternary, repeat, join, list, dict, get, toJson, sqlstr */ -}}
{{- $kinds := list "Exchange" "Pool" -}}
select
    w.sender,
    coalesce(l.label, {{ "  Unknown  " | trim | lower | sqlstr }}) as label,
    {{ var "label" }} as project_label,
    {{ var "band_days" }} as band_days,
    {{ var "funded_stx_min" }} as funded_stx_min,
    {{ upper "fee" | sqlstr }} as kind,
    {{ replace "-" "_" "a-b-c" | sqlstr }} as replaced,
    {{ default "'none'" "" }} as defaulted,
    {{ coalesce "" "'first'" }} as coalesced,
    {{ ternary "'yes'" "'no'" true }} as ternary,
    {{ repeat 3 "=" | sqlstr }} as rule,
    {{ get (dict "k" "'v'") "k" }} as got,
    {{ toJson $kinds | sqlstr }} as kinds_json,
    {{ len (var "windows") }} as n_windows,
    {{ if gt (var "max_days") 100 }}'long'{{ else }}'short'{{ end }} as horizon,
    '{{ this }}' as relation
from {{ ref "int_wallet_windows" }} as w
left join {{ ref "labels" }} as l on l.address = w.sender
