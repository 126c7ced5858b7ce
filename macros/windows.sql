{{/*
  Window helpers shared by the value models.

  waltv_windows: the activation windows of the waltv fact table, as a sorted DuckDB list:
  windows ∪ roi_windows ∪ {30 (funnel), 180 (expected NV-180), channel_window_days (channel payback)}.
*/}}
{{- define "waltv_windows" -}}
list_sort(list_distinct(list_concat({{ var "windows" }}, {{ var "roi_windows" }}, [30, 180, {{ var "channel_window_days" }}])))
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

{{/* mature_rows: the filter that keeps only elapsed windows when mature_only is set. */}}
{{- define "mature_rows" -}}
(is_mature or not {{ var "mature_only" }})
{{- end -}}

{{/* roi_windows: the ROI page's windows, sorted, without duplicates. */}}
{{- define "roi_windows" -}}
list_sort(list_distinct({{ var "roi_windows" }}))
{{- end -}}
