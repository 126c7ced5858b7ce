-- WALTV: one row per (cohort wallet, activation window) for wallets with at least one eligible
-- tx in the window. Window N holds txs at d in [0, N) days after activation (exact instants),
-- its band d in [N - band, N). WALTV-N is fee_stx_sum (v1: fees; derived value and incentives
-- are 0 until modelled).
--
-- A view over cohort_activity, which computes every window in one pass: each window is a
-- branch of the union, so a query filtering window_days reads only its own columns, and the
-- tens of millions of (wallet, window) rows are never written.
{{- $windows := splitList "," (include "waltv_window_days") }}
{{- range $i, $w := $windows }}
{{- if $i }}

union all
{{ end }}
select
    address,
    activation_time,
    activation_date,
    cast({{ $w }} as bigint) as window_days,
    tx_count_{{ $w }} as tx_count,
    fee_ustx_{{ $w }} / 1e6 as fee_stx_sum,
    cast(nv_btc_{{ $w }} as double) as nv_btc_sum,
    price_missing_{{ $w }} as price_missing_tx_count,
    band_{{ $w }} as band_tx_count,
    band_{{ $w }} > 0 as active_in_window,
    activation_time + to_days({{ $w }}) <= {{ var "as_of" }} as is_mature
from {{ ref "cohort_activity" }}
where tx_count_{{ $w }} > 0
{{- end }}
