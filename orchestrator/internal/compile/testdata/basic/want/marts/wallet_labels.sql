select
    w.sender,
    coalesce(l.label, 'unknown') as label,
    'it''s' as project_label,
    cast(null as bigint) as band_days,
    cast(10 as double) as funded_stx_min,
    'FEE' as kind,
    'a_b_c' as replaced,
    'none' as defaulted,
    'first' as coalesced,
    'yes' as ternary,
    '===' as rule,
    'v' as got,
    '["Exchange","Pool"]' as kinds_json,
    3 as n_windows,
    'long' as horizon,
    'marts.wallet_labels' as relation
from intermediate.int_wallet_windows as w
left join seed.labels as l on l.address = w.sender
