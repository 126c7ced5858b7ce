-- Each cohort wallet's txs since activation, summed per "part". Every measure of
-- cohort_activity is a filter on a tx's age (window ends, band starts) or its calendar day
-- offset (retention bands). The window ends and band starts after day 0 are known when
-- compiling (macro part_bounds); a tx's part is how many of them its age has reached, so the txs
-- of one part meet the same filters and a few rows per wallet carry everything
-- cohort_activity needs (3.5M rows for 17.6M txs at 20M).
--
-- Txs join wallets on a 64-bit key, hash(address): 2.5x faster than the 41-character
-- addresses. A singular test on eligible_txs fails should two senders ever share a key.
{{- $windows := splitList "," (include "waltv_window_days") }}
{{- $roi := uniq (var "roi_windows") }}
with cohort as (

    select * from {{ ref "cohort_wallets" }}

),

since_activation as (

    select
        c.wallet_key,
        epoch_us(t.block_time) - epoch_us(c.activation_time) as age_us,
        cast(t.block_time as date) - c.activation_date as day_offset,
        t.fee_ustx,
        t.nv_btc,
        t.price_missing
    from {{ ref "tx_priced" }} t
    join cohort c on hash(t.address) = c.wallet_key
    where t.block_time >= c.activation_time
      -- later txs fall outside every window and every retention band (the windows include the
      -- ROI windows; a day offset is at most a day past the age)
      and t.block_time < c.activation_time + to_days(greatest({{ join ", " $windows }}) + 1)

),

parted as (

    select
        *,
        -- the tx's part by its age in whole days (macro part_by_age_day; ages stop at the horizon)
        {{ template "part_by_age_day" $windows }}[age_us // 86400000000 + 1] as part
    from since_activation

),

final as (

    select
        wallet_key,
        part,
        count(*) as tx_count,
        cast(sum(fee_ustx) as bigint) as fee_ustx,
        sum(cast(nv_btc as decimal(38, 18))) as nv_btc,
        count(*) filter (where price_missing) as price_missing,
        -- bit i: a tx on a calendar day offset in (N - band, N] for the i-th ROI window N, looked
        -- up by the offset (macro retained_bits_by_day); one aggregate instead of one per window
        bit_or(coalesce({{ template "retained_bits_by_day" $roi }}[day_offset + 1], 0)) as retained_mask,
        -- the first calendar day after activation day with a tx (retention_segmented's returns)
        min(day_offset) filter (where day_offset > 0) as first_later_day_offset,
    from parted
    group by wallet_key, part

)

select * from final
