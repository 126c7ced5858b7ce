-- WALTV-N (activation-anchored) beside Last-N (calendar) for each window in both sets.
with activation_side as (

    select window_days, avg_waltv_stx, median_waltv_stx, wallets as waltv_wallets
    from {{ ref "waltv_window_stats" }}

),

trailing_side as (

    select window_days, avg_last_stx, median_last_stx, wallets as last_wallets
    from {{ ref "trailing_window_stats" }}

),

final as (

    select
        a.window_days,
        a.avg_waltv_stx,
        a.median_waltv_stx,
        a.waltv_wallets,
        t.avg_last_stx,
        t.median_last_stx,
        t.last_wallets,
        t.avg_last_stx - a.avg_waltv_stx as delta_avg_stx,
        t.avg_last_stx / nullif(a.avg_waltv_stx, 0) as ratio_avg
    from activation_side a
    join trailing_side t using (window_days)

)

select * from final
order by window_days
