-- WALTV: one row per (cohort wallet, activation window) for wallets with at least one eligible
-- tx in the window. Window N holds txs at d in [0, N) days after activation (exact instants),
-- its band d in [N - band, N). WALTV-N is fee_stx_sum (v1: fees; derived value and incentives
-- are 0 until modelled).
--
-- One pass over the wallets' txs computes every window's sums side by side (the template writes
-- a set of columns per window), then each window becomes its own rows: at tens of millions of
-- txs this is several times faster than joining every tx to every window.
{{- $windows := uniq (concat (var "windows") (var "roi_windows") (list 30 180 (var "channel_window_days"))) }}
with cohort as (

    select address, activation_time, activation_date
    from {{ ref "activation" }}
    where is_cohort

),

txs as (

    select address, block_time, fee_ustx, nv_btc, price_missing
    from {{ ref "tx_priced" }}

),

in_reach as (

    -- the txs of a cohort wallet before its longest window ends
    select c.address, c.activation_time, c.activation_date, t.block_time, t.fee_ustx,
        cast(t.nv_btc as decimal(38, 18)) as nv_btc, t.price_missing
    from txs t
    join cohort c on t.address = c.address
    where t.block_time >= c.activation_time
      and t.block_time < c.activation_time + to_days(cast(list_max({{ template "waltv_windows" }}) as integer))

),

per_wallet as (

    select
        address,
        activation_time,
        activation_date,
{{- range $w := $windows }}
        -- window {{ $w }}
        count(*) filter (where block_time < activation_time + to_days({{ $w }})) as tx_count_{{ $w }},
        sum(fee_ustx) filter (where block_time < activation_time + to_days({{ $w }})) as fee_ustx_{{ $w }},
        sum(nv_btc) filter (where block_time < activation_time + to_days({{ $w }})) as nv_btc_{{ $w }},
        count(*) filter (where price_missing and block_time < activation_time + to_days({{ $w }})) as price_missing_{{ $w }},
        count(*) filter (where block_time < activation_time + to_days({{ $w }})
            and block_time >= activation_time + to_days(cast({{ $w }} - {{ template "band_days" $w }} as integer))) as band_{{ $w }},
{{- end }}
    from in_reach
    group by address, activation_time, activation_date

),

final as (
{{ range $i, $w := $windows }}
    {{- if $i }}
    union all
{{ end }}
    select
        address, activation_time, activation_date,
        cast({{ $w }} as bigint) as window_days,
        tx_count_{{ $w }} as tx_count,
        fee_ustx_{{ $w }} / 1e6 as fee_stx_sum,
        cast(nv_btc_{{ $w }} as double) as nv_btc_sum,
        price_missing_{{ $w }} as price_missing_tx_count,
        band_{{ $w }} as band_tx_count,
        band_{{ $w }} > 0 as active_in_window,
        activation_time + to_days({{ $w }}) <= {{ var "as_of" }} as is_mature
    from per_wallet
    where tx_count_{{ $w }} > 0
{{- end }}

)

select * from final
