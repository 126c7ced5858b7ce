select
    timestamp '2025-06-30 21:59:59' as as_of,
    30 as max_days,
    [7, 14, 28] as windows,
    15 as band_days,
    cast(0.25 as double) as fee_min,
    false as mature_only,
    'o''brien' as label,
    date '2025-01-01' as start,
    cast([] as varchar[]) as tx_types
where true -- mature_only is off
