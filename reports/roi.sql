{{- /*
  Queries of the ROI one-pager (reports/roi.html). Each {{ define "name" }} block is plain SQL
  over marts.*; the page reads the result by name. No arithmetic here: select, filter, order.
*/ -}}

{{ define "context" }}
select * from marts.report_context
{{ end }}

{{ define "coverage" }}
select * from marts.window_coverage order by window_days
{{ end }}

{{ define "expected" }}
select * from marts.expected_nv_180
{{ end }}

{{ define "base" }}
select * from marts.active_base_split
{{ end }}

{{ define "survival_all" }}
select window_days, retention_pct, retained_users, eligible_users, anchor_window_days
from marts.retention_segmented
where mode = 'survival' and segment = 'All'
order by window_days
{{ end }}

{{ define "snapshot" }}
-- the Funded Retention Snapshot card: survival of all funded wallets at these windows
select window_days, retention_pct, eligible_users, anchor_window_days
from marts.retention_segmented
where mode = 'survival' and segment = 'All' and window_days in (15, 30, 60, 90, 180)
order by window_days
{{ end }}

{{ define "snapshot_segments" }}
select segment, retention_pct, eligible_users
from marts.retention_segmented
where mode = 'survival' and window_days = 30 and segment in ('Value', 'Non-value')
order by segment desc
{{ end }}

{{ define "survival" }}
select segment, window_days, retention_pct, retained_users, eligible_users
from marts.retention_segmented
where mode = 'survival'
order by segment, window_days
{{ end }}

{{ define "cumulative" }}
select segment, window_days, retention_pct, retained_users, eligible_users
from marts.retention_segmented
where mode = 'cumulative'
order by segment, window_days
{{ end }}

{{ define "heatmap" }}
select activation_date, window_days, retention_rate, retained_wallets, cohort_size
from marts.retention_cohort
order by window_days, activation_date
{{ end }}

{{ define "averages" }}
select * from marts.roi_window_summary order by window_days
{{ end }}

{{ define "payback" }}
select * from marts.channel_payback order by activation_date, channel
{{ end }}

{{ define "issues" }}
select * from marts.channel_map_issues order by issue, channel, address
{{ end }}
