-- Everything measured per cohort wallet over its txs since activation, in one pass: for every
-- activation window of waltv its tx count, fees (integer uSTX), NV (exact decimal), txs
-- without a price and band txs; for every ROI window whether the wallet was active in its
-- calendar band (retention). waltv unpivots this table; retention_cohort sums its flags.
--
-- Txs join wallets on a 64-bit key, hash(address): 2.5x faster than the 41-character
-- addresses at tens of millions of txs. A singular test on eligible_txs fails should two
-- senders ever share a key.
{{- $windows := uniq (concat (var "windows") (var "roi_windows") (list 30 180 (var "channel_window_days"))) }}
{{- $roi := uniq (var "roi_windows") }}
with cohort as (

    select hash(address) as wallet_key, address, activation_time, activation_date
    from {{ ref "activation" }}
    where is_cohort

),

since_activation as (

    select
        c.wallet_key,
        epoch_us(t.block_time) - epoch_us(c.activation_time) as age_us,
        cast(t.block_time as date) - c.activation_date as day_offset,
        t.fee_ustx,
        cast(t.nv_btc as decimal(38, 18)) as nv_btc,
        t.price_missing
    from {{ ref "tx_priced" }} t
    join cohort c on hash(t.address) = c.wallet_key
    where t.block_time >= c.activation_time

),

per_wallet as (

    select
        wallet_key,
{{- range $w := $windows }}
        -- activation window {{ $w }}: txs at d in [0, {{ $w }}) days; band d in [{{ $w }} - band, {{ $w }})
        count(*) filter (where age_us < {{ $w }} * 86400000000) as tx_count_{{ $w }},
        sum(fee_ustx) filter (where age_us < {{ $w }} * 86400000000) as fee_ustx_{{ $w }},
        sum(nv_btc) filter (where age_us < {{ $w }} * 86400000000) as nv_btc_{{ $w }},
        count(*) filter (where price_missing and age_us < {{ $w }} * 86400000000) as price_missing_{{ $w }},
        count(*) filter (where age_us < {{ $w }} * 86400000000
            and age_us >= ({{ $w }} - {{ template "band_days" $w }}) * 86400000000) as band_{{ $w }},
{{- end }}
{{- range $w := $roi }}
        -- ROI window {{ $w }}: active on a calendar day offset in ({{ $w }} - band, {{ $w }}]
        coalesce(bool_or(day_offset > {{ $w }} - {{ template "band_days" $w }} and day_offset <= {{ $w }}), false) as retained_{{ $w }},
{{- end }}
    from since_activation
    group by wallet_key

),

final as (

    select c.address, c.activation_time, c.activation_date, p.* exclude (wallet_key)
    from cohort c
    left join per_wallet p using (wallet_key)

)

select * from final
