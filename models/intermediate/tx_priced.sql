-- Each eligible tx with the nearest hourly stx_btc on either side (the earlier print wins a
-- tie), used only within price_tolerance_hours. nv_btc = fee_stx * stx_btc; without a price
-- qualifying, nv_btc is NULL and price_missing is true.
with txs as (

    select tx_id, address, block_time, tx_type, tx_status, fee_ustx, fee_stx
    from {{ ref "eligible_txs" }}

),

prices as (

    select ts, stx_btc
    from {{ ref "price_hourly" }}
    where stx_btc is not null

),

both_sides as (

    select
        t.*,
        before.ts as before_ts,
        before.stx_btc as before_stx_btc,
        after.ts as after_ts,
        after.stx_btc as after_stx_btc
    from txs t
    asof left join prices before on t.block_time >= before.ts
    asof left join prices after on t.block_time <= after.ts

),

nearest as (

    select
        *,
        after_ts is not null
            and (before_ts is null or after_ts - block_time < block_time - before_ts) as after_is_nearer
    from both_sides

),

within_tolerance as (

    select
        tx_id, address, block_time, tx_type, tx_status, fee_ustx, fee_stx,
        case when after_is_nearer then after_ts else before_ts end as price_ts,
        case when after_is_nearer then after_stx_btc else before_stx_btc end as nearest_stx_btc
    from nearest

),

final as (

    select
        tx_id,
        address,
        block_time,
        tx_type,
        tx_status,
        fee_ustx,
        fee_stx,
        case when abs(epoch(price_ts - block_time)) <= {{ var "price_tolerance_hours" }} * 3600
            then price_ts end as price_ts,
        case when abs(epoch(price_ts - block_time)) <= {{ var "price_tolerance_hours" }} * 3600
            then nearest_stx_btc end as stx_btc,
        fee_stx * stx_btc as nv_btc,
        stx_btc is null as price_missing
    from within_tolerance

)

select * from final
