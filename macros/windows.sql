{{/*
  Window helpers shared by the value models.

  waltv_windows: the activation windows of the waltv fact table, as a sorted DuckDB list:
  windows ∪ roi_windows ∪ {30 (funnel), 180 (expected NV-180), channel_window_days (channel payback)}.
*/}}
{{- define "waltv_windows" -}}
list_sort(list_distinct(list_concat({{ var "windows" }}, {{ var "roi_windows" }}, [30, 180, {{ var "channel_window_days" }}])))
{{- end -}}

{{/*
  waltv_window_days: the same windows as waltv_windows, for templates that lay out SQL per window:
  a comma-separated list in first-seen order, without duplicates (splitList "," to range over
  it). waltv, cohort_parts and cohort_activity must agree on it.
*/}}
{{- define "waltv_window_days" -}}
{{- join "," (uniq (concat (var "windows") (var "roi_windows") (list 30 180 (var "channel_window_days")))) -}}
{{- end -}}

{{/* value_windows: the value pipeline's windows (--wallet-windows), with 30 always added. */}}
{{- define "value_windows" -}}
list_sort(list_distinct(list_append({{ var "windows" }}, 30)))
{{- end -}}

{{/*
  band_days: the trailing band of the window held in column `.`: the var band_days when set,
  else 15 days for windows up to 15 and 30 days beyond; never longer than the window.
*/}}
{{- define "band_days" -}}
least({{ . }}, coalesce({{ var "band_days" }}, case when {{ . }} <= 15 then 15 else 30 end))
{{- end -}}

{{/*
  band_days_of: band_days for a window known when compiling (a number, `.`), as a number, for
  templates that lay out SQL per band. The same rule as band_days; band_days is > 0 when set, so
  int64 of the unset var (a typed NULL) is 0.
*/}}
{{- define "band_days_of" -}}
{{- $band := int64 (var "band_days") -}}
{{- if not $band }}{{ $band = ternary 15 30 (le (int64 .) 15) }}{{ end -}}
{{- min (int64 .) $band -}}
{{- end -}}

{{/* mature_rows: the filter that keeps only elapsed windows when mature_only is set. */}}
{{- define "mature_rows" -}}
(is_mature or not {{ var "mature_only" }})
{{- end -}}

{{/* roi_windows: the ROI page's windows, sorted, without duplicates. */}}
{{- define "roi_windows" -}}
list_sort(list_distinct({{ var "roi_windows" }}))
{{- end -}}

{{/*
  part_bounds: for the activation windows `.` (a list of numbers), the day boundaries that split
  a wallet's txs into parts that meet the same window and band filters - every window end and
  every band start after day 0 - as a comma-separated list (splitList "," to range over it).
  A tx's part is the number of boundaries its age has reached: see cohort_parts.
*/}}
{{- define "part_bounds" -}}
{{- $bounds := list -}}
{{- range $w := . -}}
    {{- $start := sub (int64 $w) (int64 (include "band_days_of" $w)) -}}
    {{- if not (has (int64 $w) $bounds) }}{{ $bounds = concat $bounds (list (int64 $w)) }}{{ end -}}
    {{- if and (gt $start 0) (not (has $start $bounds)) }}{{ $bounds = concat $bounds (list $start) }}{{ end -}}
{{- end -}}
{{- join "," $bounds -}}
{{- end -}}

{{/*
  part_by_age_day: for the activation windows `.` (as for part_bounds), a DuckDB list literal
  whose element d + 1 is the part of a tx d whole days old, for 0 <= d <= the greatest window:
  how many part boundaries d has reached (boundaries are whole days, so the day decides). One
  list read per tx instead of a comparison per boundary: 0.6 s less at 20M txs (cohort_parts).
*/}}
{{- define "part_by_age_day" -}}
{{- $bounds := splitList "," (include "part_bounds" .) -}}
[
{{- range $d := until (int (add1 (include "largest" .))) }}
    {{- if $d }}, {{ end }}
    {{- $part := 0 }}{{ range $b := $bounds }}{{ if ge $d (int $b) }}{{ $part = add1 $part }}{{ end }}{{ end }}{{ $part }}
{{- end -}}
]
{{- end -}}

{{/*
  retained_bits_by_day: for the ROI windows `.` (a list of numbers), a DuckDB list literal whose
  element d + 1 holds, for a calendar day offset d after activation, bit i set when d lies in
  the retention band (N - band, N] of the i-th window N; offsets past the last window have no
  element (NULL: no bit). One list read per tx instead of two comparisons per window: 0.5 s
  less at 20M txs (cohort_parts).
*/}}
{{- define "retained_bits_by_day" -}}
[
{{- range $d := until (int (add1 (include "largest" .))) }}
    {{- if $d }}, {{ end }}
    {{- $bits := 0 }}{{ $bit := 1 }}
    {{- range $w := $ }}
        {{- if and (gt (int64 $d) (sub (int64 $w) (int64 (include "band_days_of" $w)))) (le (int64 $d) (int64 $w)) }}{{ $bits = add $bits $bit }}{{ end }}
        {{- $bit = mul $bit 2 }}
    {{- end }}{{ $bits }}
{{- end -}}
]
{{- end -}}

{{/* largest: the largest of the numbers `.` (a list; 0 when empty), as a number. */}}
{{- define "largest" -}}
{{- $max := 0 -}}
{{- range $n := . }}{{ if gt (int64 $n) $max }}{{ $max = int64 $n }}{{ end }}{{ end -}}
{{- $max -}}
{{- end -}}
