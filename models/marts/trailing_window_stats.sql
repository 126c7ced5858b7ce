-- Last-N statistics per calendar window over the wallets active in it.
with windows as (

    select unnest(list_sort(list_distinct({{ var "trailing_windows" }}))) as window_days

),

stats as (

    select
        window_days,
        count(*) as wallets,
        {{ template "exact_avg" "fee_stx_sum" }} as avg_last_stx,
        median(fee_stx_sum) as median_last_stx,
        {{ template "exact_sum" "fee_stx_sum" }} as fee_stx_sum,
        {{ template "exact_sum" "nv_btc_sum" }} as nv_btc_sum,
        {{ template "exact_avg" "nv_btc_sum" }} as nv_btc_avg
    from {{ ref "waltv_trailing" }}
    group by window_days

),

final as (

    select
        w.window_days,
        coalesce(s.wallets, 0) as wallets,
        s.avg_last_stx,
        s.median_last_stx,
        coalesce(s.fee_stx_sum, 0) as fee_stx_sum,
        coalesce(s.nv_btc_sum, 0) as nv_btc_sum,
        s.nv_btc_avg
    from windows w
    left join stats s using (window_days)

)

select * from final
order by window_days
