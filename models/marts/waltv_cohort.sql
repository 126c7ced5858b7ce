-- WALTV-30 per activation day, for the cohort chart (no size floor; mature rows only when
-- mature_only).
with rows as (

    select activation_date, fee_stx_sum
    from {{ ref "waltv" }}
    where window_days = 30 and {{ template "mature_rows" }}

),

final as (

    select
        activation_date,
        {{ template "exact_avg" "fee_stx_sum" }} as avg_waltv_stx,
        median(fee_stx_sum) as median_waltv_stx,
        count(*) as wallets
    from rows
    group by activation_date

)

select * from final
order by activation_date
