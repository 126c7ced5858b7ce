-- WALTV averages per ROI window: over all cohort wallets (zeros included), over survivors
-- (active in the window's band) and over wallets funded on D0; only wallets whose window has
-- elapsed when mature_only.
--
-- Reads cohort_activity (one row per cohort wallet, every window side by side) rather than
-- its unpivot waltv: one join to funded_d0 on 2.5M wallets instead of one per window row.
{{- $roi := uniq (var "roi_windows") }}
with windows as (

    select unnest({{ template "roi_windows" }}) as window_days

),

wallets as (

    select a.*, coalesce(f.funded_d0, false) as funded
    from {{ ref "cohort_activity" }} a
    left join {{ ref "funded_d0" }} f using (address)

),

-- one row per counted (window, wallet): WALTV-N in integer uSTX, active in the band of N
counted as (

    select
        w.window_days,
        x.activation_date,
        x.funded,
        case w.window_days
{{- range $w := $roi }}
            when {{ $w }} then x.fee_ustx_{{ $w }}
{{- end }}
        end as fee_ustx,
        case w.window_days
{{- range $w := $roi }}
            when {{ $w }} then x.band_{{ $w }} > 0
{{- end }}
        end as active_in_window
    from windows w
    cross join wallets x
    where x.activation_time + to_days(cast(w.window_days as integer)) <= {{ var "as_of" }}
        or not {{ var "mature_only" }}

),

per_window as (

    select
        window_days,
        count(*) as cohort_size,
        count(distinct activation_date) as cohorts,
        sum(fee_ustx) as all_ustx,
        count(*) filter (where active_in_window) as survivor_wallets,
        sum(fee_ustx) filter (where active_in_window) as survivor_ustx,
        count(*) filter (where funded) as funded_wallets,
        sum(fee_ustx) filter (where funded) as funded_ustx
    from counted
    group by window_days

),

final as (

    select
        w.window_days,
        coalesce(p.cohort_size, 0) as cohort_size,
        coalesce(p.cohorts, 0) as cohorts,
        coalesce(p.all_ustx, 0) / 1e6 / nullif(p.cohort_size, 0) as avg_all_stx,
        coalesce(p.survivor_wallets, 0) as survivor_wallets,
        coalesce(p.survivor_ustx, 0) / 1e6 / nullif(p.survivor_wallets, 0) as avg_survivor_stx,
        coalesce(p.funded_wallets, 0) as funded_wallets,
        coalesce(p.funded_ustx, 0) / 1e6 / nullif(p.funded_wallets, 0) as avg_funded_stx
    from windows w
    left join per_window p using (window_days)

)

select * from final
order by window_days
