-- Everything measured per cohort wallet over its txs since activation: for every activation
-- window of waltv its tx count, fees (integer uSTX), NV (summed exactly in decimal), txs
-- without a price and band txs; for every ROI window whether the wallet was active in its
-- calendar band (retention). waltv unpivots this table; retention_cohort sums its flags.
--
-- The txs come summed per part (cohort_parts): all txs of a part meet the same window and band
-- filters, and which parts a window or band covers is known when compiling. The parts are laid
-- side by side, each joined to the cohort on its own (a part has at most one row per wallet),
-- and a window's measure adds the parts it covers: 6 s at 20M txs, where grouping the parts
-- again with 30 filtered aggregates took 9. cohort_parts and cohort_wallets are tables so that
-- DuckDB knows how many rows each side has and builds its hash tables on the parts, which never
-- have more rows than the cohort (one per wallet at most).
{{- $windows := splitList "," (include "waltv_window_days") }}
{{- $roi := uniq (var "roi_windows") }}
{{- $bounds := splitList "," (include "part_bounds" $windows) }}
{{- $parts := until (add1 (len $bounds) | int) }}
{{- $has_txs := include "has_txs" $parts }}
with cohort as (

    select * from {{ ref "cohort_wallets" }}

),

final as (

    select
        c.address,
        c.activation_time,
        c.activation_date,
        -- for retention_segmented: the last tx (survival) and the first day after day 0 with one (returns)
        c.last_tx_time,
        least({{ range $k := $parts }}{{ if $k }}, {{ end }}p{{ $k }}.first_later_day_offset{{ end }}) as first_later_day_offset,
{{- range $w := $windows }}
        -- activation window {{ $w }}: txs at d in [0, {{ $w }}) days; band d in [{{ $w }} - band, {{ $w }})
        {{- $last := include "parts_below" (dict "bounds" $bounds "days" (int64 $w)) | int }}
        {{- $first_band := include "parts_below" (dict "bounds" $bounds "days" (add1 (sub (int64 $w) (int64 (include "band_days_of" $w))))) | int }}
        {{- $txs := include "parts_sum" (dict "col" "tx_count" "from" 0 "to" $last) }}
        {{- $missing := include "parts_sum" (dict "col" "price_missing" "from" 0 "to" $last) }}
        case when {{ $has_txs }} then {{ $txs }} end as tx_count_{{ $w }},
        case when {{ $txs }} > 0 then {{ template "parts_sum" (dict "col" "fee_ustx" "from" 0 "to" $last) }} end as fee_ustx_{{ $w }},
        case when {{ $txs }} > {{ $missing }} then {{ template "parts_sum" (dict "col" "nv_btc" "from" 0 "to" $last) }} end as nv_btc_{{ $w }},
        case when {{ $has_txs }} then {{ $missing }} end as price_missing_{{ $w }},
        case when {{ $has_txs }} then {{ template "parts_sum" (dict "col" "tx_count" "from" $first_band "to" $last) }} end as band_{{ $w }},
{{- end }}
{{- range $i, $w := $roi }}
        -- ROI window {{ $w }}: active on a calendar day offset in ({{ $w }} - band, {{ $w }}] (bit {{ $i }} of a part's mask)
        case when {{ $has_txs }} then (({{ range $k := $parts }}{{ if $k }} | {{ end }}coalesce(p{{ $k }}.retained_mask, 0){{ end }}) >> {{ $i }}) & 1 = 1 end as retained_{{ $w }},
{{- end }}
    from cohort c
{{- range $k := $parts }}
    left join {{ ref "cohort_parts" }} p{{ $k }} on p{{ $k }}.wallet_key = c.wallet_key and p{{ $k }}.part = {{ $k }}
{{- end }}

)

select * from final

{{- /* parts_below: how many part boundaries lie below .days - the last part of txs younger than .days days. */}}
{{- define "parts_below" -}}
{{- $n := 0 }}{{ range $b := .bounds }}{{ if lt (int64 $b) $.days }}{{ $n = add1 $n }}{{ end }}{{ end }}{{ $n -}}
{{- end }}

{{- /* parts_sum: column .col summed over the parts .from to .to. */}}
{{- define "parts_sum" -}}
(
{{- range $k := untilStep .from (add1 .to | int) 1 }}{{ if ne $k $.from }} + {{ end }}coalesce(p{{ $k }}.{{ $.col }}, 0){{ end -}}
)
{{- end }}

{{- /* has_txs: whether the wallet has txs in any part. */}}
{{- define "has_txs" -}}
coalesce({{ range $k := . }}{{ if $k }}, {{ end }}p{{ $k }}.part{{ end }}) is not null
{{- end }}
