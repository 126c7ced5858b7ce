-- WALTV statistics per activation window (every window of waltv), over mature rows when
-- mature_only. A window without rows has 0 wallets and NULL means.
with windows as (

    select unnest({{ template "waltv_windows" }}) as window_days

),

rows as (

    select window_days, activation_date, fee_stx_sum, nv_btc_sum
    from {{ ref "waltv" }}
    where {{ template "mature_rows" }}

),

stats as (

    select
        window_days,
        count(*) as wallets,
        count(distinct activation_date) as cohorts,
        {{ template "exact_avg" "fee_stx_sum" }} as avg_waltv_stx,
        median(fee_stx_sum) as median_waltv_stx,
        {{ template "exact_sum" "fee_stx_sum" }} as fee_stx_sum,
        {{ template "exact_sum" "nv_btc_sum" }} as nv_btc_sum,
        {{ template "exact_avg" "nv_btc_sum" }} as nv_btc_avg
    from rows
    group by window_days

),

final as (

    select
        w.window_days,
        coalesce(s.wallets, 0) as wallets,
        coalesce(s.cohorts, 0) as cohorts,
        s.avg_waltv_stx,
        s.median_waltv_stx,
        coalesce(s.fee_stx_sum, 0) as fee_stx_sum,
        coalesce(s.nv_btc_sum, 0) as nv_btc_sum,
        s.nv_btc_avg
    from windows w
    left join stats s using (window_days)

)

select * from final
order by window_days
