-- Each eligible tx with the nearest hourly stx_btc on either side (the earlier print wins a
-- tie), used only within price_tolerance_hours. nv_btc = fee_stx * stx_btc; without a price
-- qualifying, nv_btc is NULL and price_missing is true. It keeps only what the marts read
-- (tens of millions of rows: no tx ids or types - those are in eligible_txs; whether the tx
-- succeeded, so that activation reads it here instead of scanning raw.transactions again).
--
-- Prices sit on hour marks, so for a tx in hour h the candidates are the last price at or
-- before h and the first one after h; they depend on the hour alone. They are looked up once
-- per hour (thousands) and joined to the txs (millions) on the hour. The hours are price_hourly's
-- (every hour from the first print to the last) and those within the tolerance around it: a tx
-- in any other hour has no print within tolerance, and the left join leaves it unpriced. (Taking
-- the txs' distinct hours instead meant reading 20M txs twice: 0.5 s more at 20M txs.)
with txs as (

    select address, block_time, date_trunc('hour', block_time) as hour, fee_ustx, tx_status = 'success' as succeeded
    from {{ ref "eligible_txs" }}

),

prices as (

    select ts, stx_btc
    from {{ ref "price_hourly" }}
    where stx_btc is not null

),

-- price_hourly's hours, widened by the tolerance on both sides (a table scan, so DuckDB knows
-- there are thousands of hours and plans the ASOF joins below as such, not as nested loops)
hours as (

    select ts as hour
    from {{ ref "price_hourly" }}
    union all
    select range as hour
    from (select min(ts) as first_ts from {{ ref "price_hourly" }}) p,
        range(p.first_ts - to_hours({{ template "tolerance_hours_up" }}), p.first_ts, interval 1 hour)
    union all
    select range as hour
    from (select max(ts) as last_ts from {{ ref "price_hourly" }}) p,
        range(p.last_ts + interval 1 hour, p.last_ts + to_hours({{ template "tolerance_hours_up" }} + 1), interval 1 hour)

),

hour_candidates as (

    select
        h.hour,
        before.ts as before_ts,
        before.stx_btc as before_stx_btc,
        after.ts as after_ts,
        after.stx_btc as after_stx_btc
    from hours h
    asof left join prices before on h.hour >= before.ts
    asof left join prices after on h.hour + interval 1 hour <= after.ts

),

nearest as (

    select
        t.*,
        c.before_ts,
        c.before_stx_btc,
        c.after_ts,
        c.after_stx_btc,
        c.after_ts is not null
            and (c.before_ts is null or c.after_ts - t.block_time < t.block_time - c.before_ts) as after_is_nearer
    from txs t
    left join hour_candidates c using (hour)

),

within_tolerance as (

    select
        address, block_time, fee_ustx, succeeded,
        case when after_is_nearer then after_ts else before_ts end as price_ts,
        case when after_is_nearer then after_stx_btc else before_stx_btc end as nearest_stx_btc
    from nearest

),

final as (

    select
        address,
        block_time,
        fee_ustx,
        case when abs(epoch(price_ts - block_time)) <= {{ var "price_tolerance_hours" }} * 3600
            then price_ts end as price_ts,
        case when abs(epoch(price_ts - block_time)) <= {{ var "price_tolerance_hours" }} * 3600
            then nearest_stx_btc end as stx_btc,
        fee_ustx / 1e6 * stx_btc as nv_btc,
        stx_btc is null as price_missing,
        succeeded
    from within_tolerance

)

select * from final

{{- /* tolerance_hours_up: price_tolerance_hours rounded up to whole hours, and an hour of margin. */}}
{{- define "tolerance_hours_up" -}}
cast(ceil({{ var "price_tolerance_hours" }}) as integer) + 1
{{- end }}
