-- WALTV: one row per (cohort wallet, activation window) for wallets with at least one eligible
-- tx in the window. Window N holds txs at d in [0, N) days after activation (exact instants),
-- its band d in [N - band, N). WALTV-N is fee_stx_sum (v1: fees; derived value and incentives
-- are 0 until modelled).
with cohort as (

    select address, activation_time, activation_date
    from {{ ref "activation" }}
    where is_cohort

),

txs as (

    select address, block_time, fee_ustx, nv_btc, price_missing
    from {{ ref "tx_priced" }}

),

windows as (

    select window_days, {{ template "band_days" "window_days" }} as band_days
    from (select unnest({{ template "waltv_windows" }}) as window_days)

),

in_window as (

    select
        c.address,
        c.activation_time,
        c.activation_date,
        w.window_days,
        t.fee_ustx,
        t.nv_btc,
        t.price_missing,
        t.block_time >= c.activation_time + to_days(cast(w.window_days - w.band_days as integer)) as in_band
    from txs t
    join cohort c on t.address = c.address and t.block_time >= c.activation_time
    join windows w on t.block_time < c.activation_time + to_days(cast(w.window_days as integer))

),

final as (

    select
        address,
        activation_time,
        activation_date,
        window_days,
        count(*) as tx_count,
        sum(fee_ustx) / 1e6 as fee_stx_sum,
        {{ template "exact_sum" "nv_btc" }} as nv_btc_sum,
        count(*) filter (where price_missing) as price_missing_tx_count,
        count(*) filter (where in_band) as band_tx_count,
        count(*) filter (where in_band) > 0 as active_in_window,
        activation_time + to_days(cast(window_days as integer)) <= {{ var "as_of" }} as is_mature
    from in_window
    group by address, activation_time, activation_date, window_days

)

select * from final
