-- Last-N: per (wallet, calendar window) the eligible txs in [as_of - N days, as_of), for every
-- wallet with at least one such tx (not only cohorts).
with txs as (

    select address, block_time, fee_ustx, nv_btc
    from {{ ref "tx_priced" }}

),

windows as (

    select unnest(list_distinct({{ var "trailing_windows" }})) as window_days

),

final as (

    select
        t.address,
        w.window_days,
        count(*) as tx_count,
        sum(t.fee_ustx) / 1e6 as fee_stx_sum,
        {{ template "exact_sum" "t.nv_btc" }} as nv_btc_sum
    from txs t
    join windows w on t.block_time >= {{ var "as_of" }} - to_days(cast(w.window_days as integer))
    group by t.address, w.window_days

)

select * from final
