-- Payback against the CPA target per (value window, activation day) cohort of at least
-- min_cohort_wallets wallets; mature rows only when mature_only.
with rows as (

    select window_days, activation_date, fee_stx_sum
    from {{ ref "waltv" }}
    where list_contains({{ template "value_windows" }}, window_days)
      and {{ template "mature_rows" }}

),

cohorts as (

    select
        window_days,
        activation_date,
        {{ template "exact_avg" "fee_stx_sum" }} as avg_waltv_stx,
        median(fee_stx_sum) as median_waltv_stx,
        count(*) as wallets
    from rows
    group by window_days, activation_date

),

final as (

    select
        window_days,
        activation_date,
        avg_waltv_stx,
        median_waltv_stx,
        wallets,
        avg_waltv_stx / {{ var "cpa_target_stx" }} as payback_multiple,
        avg_waltv_stx >= {{ var "cpa_target_stx" }} as above_target
    from cohorts
    where wallets >= {{ var "min_cohort_wallets" }}

)

select * from final
order by window_days, activation_date
