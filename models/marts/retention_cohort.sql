-- Active-band retention per (activation day, ROI window N) for cohorts old enough for N
-- (activation_date <= as_of_date - N): of every wallet activated that day, the share active on
-- a calendar day offset in (N - band, N] after its activation day. The per-wallet flags come
-- from cohort_activity.
{{- $windows := uniq (var "roi_windows") }}
with per_day as (

    select
        activation_date,
        count(*) as cohort_size,
{{- range $w := $windows }}
        count(*) filter (where retained_{{ $w }}) as retained_{{ $w }},
{{- end }}
    from {{ ref "cohort_activity" }}
    group by activation_date

),

final as (
{{- if not $windows }}

    select null::date as activation_date, null::bigint as window_days, null::bigint as cohort_size,
        null::bigint as retained_wallets, null::double as retention_rate
    where false
{{- end }}
{{ range $i, $w := $windows }}
    {{- if $i }}
    union all
{{ end }}
    select
        activation_date,
        cast({{ $w }} as bigint) as window_days,
        cohort_size,
        retained_{{ $w }} as retained_wallets,
        retained_{{ $w }} / cohort_size as retention_rate
    from per_day
    where activation_date <= {{ template "as_of_date" }} - {{ $w }}
{{- end }}

)

select * from final
order by window_days, activation_date
