-- Last-N: per (wallet, calendar window) the eligible txs in [as_of - N days, as_of), for every
-- wallet with at least one such tx (not only cohorts). One pass over the recent txs computes
-- every window side by side (a set of columns per window), then each window becomes rows.
{{- $windows := uniq (var "trailing_windows") }}
with recent as (

    select address, block_time, fee_ustx, nv_btc
    from {{ ref "tx_priced" }}
    where block_time >= {{ var "as_of" }} - to_days(cast(list_max({{ var "trailing_windows" }}) as integer))

),

per_wallet as (

    select
        address,
{{- range $w := $windows }}
        count(*) filter (where {{ template "last_days" $w }}) as tx_count_{{ $w }},
        sum(fee_ustx) filter (where {{ template "last_days" $w }}) as fee_ustx_{{ $w }},
        sum(cast(nv_btc as decimal(38, 18))) filter (where {{ template "last_days" $w }}) as nv_btc_{{ $w }},
{{- end }}
    from recent
    group by address

),

final as (
{{- if not $windows }}

    select null::varchar as address, null::bigint as window_days, null::bigint as tx_count,
        null::double as fee_stx_sum, null::double as nv_btc_sum
    where false
{{- end }}
{{ range $i, $w := $windows }}
    {{- if $i }}
    union all
{{ end }}
    select
        address,
        cast({{ $w }} as bigint) as window_days,
        tx_count_{{ $w }} as tx_count,
        fee_ustx_{{ $w }} / 1e6 as fee_stx_sum,
        cast(nv_btc_{{ $w }} as double) as nv_btc_sum
    from per_wallet
    where tx_count_{{ $w }} > 0
{{- end }}

)

select * from final
