{{- /*
  Queries of the value dashboard (reports/value.html). Each {{ define "name" }} block is plain
  SQL over marts.*; the page reads the result by name. No arithmetic here: select, filter, order.
*/ -}}

{{ define "context" }}
select * from marts.report_context
{{ end }}

{{ define "coverage" }}
select * from marts.window_coverage order by window_days
{{ end }}

{{ define "kpis" }}
select * from marts.value_kpis
{{ end }}

{{ define "waltv_windows" }}
select * from marts.waltv_window_stats order by window_days
{{ end }}

{{ define "trailing" }}
select * from marts.trailing_window_stats order by window_days
{{ end }}

{{ define "pox_summary" }}
select * from marts.pox_summary
{{ end }}

{{ define "funnel" }}
select * from marts.funnel_summary order by window_days
{{ end }}

{{ define "trend" }}
select activity_date, nv_btc_roll30, fee_stx_roll30, tx_count, wallets
from marts.network_daily
order by activity_date
{{ end }}

{{ define "cpa_windows" }}
select distinct window_days from marts.cpa_panel order by window_days
{{ end }}

{{ define "cpa" }}
select window_days, activation_date, avg_waltv_stx, median_waltv_stx, wallets, payback_multiple, above_target
from marts.cpa_panel
order by window_days, activation_date
{{ end }}

{{ define "activation_vs_trailing" }}
select * from marts.activation_vs_trailing order by window_days
{{ end }}

{{ define "pox" }}
-- the complete cycles behind marts.pox_summary, then the cycle still running
select *
from marts.pox_cycles
where complete
qualify row_number() over (order by cycle_number desc) <= (select cycles_analyzed from marts.pox_summary)
union all
select * from marts.pox_cycles where not complete
order by cycle_number
{{ end }}

{{ define "distribution" }}
select * from marts.waltv_distribution order by bin
{{ end }}

{{ define "cohorts" }}
select * from marts.waltv_cohort order by activation_date
{{ end }}
