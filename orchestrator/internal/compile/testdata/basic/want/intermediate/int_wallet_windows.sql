with

txs as (
    select * from staging.stg_transactions
),

blocks as (
    select * from staging.stg_blocks
),

windows as (
    select unnest([15, 30, 60]) as window_days
    union all
    select unnest(cast([] as bigint[]))
),

final as (
    select
        txs.sender,
        windows.window_days,
        count(*) as tx_count
    from txs
    join blocks using (block_height)
    cross join windows
    where txs.block_time >= timestamp '2026-01-31 12:34:56' - interval (365) day and txs.block_time < timestamp '2026-01-31 12:34:56'
      and windows.window_days <= 365
    group by all
)

select * from final
