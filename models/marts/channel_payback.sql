-- Payback against CAC per (activation day, channel) cohort of at least min_cohort_wallets
-- wallets, over window channel_window_days (mature rows only when mature_only). Wallets map to
-- channels by address; unmapped wallets are 'Unknown'. Without a channel map the table is empty
-- and the page shows the breakeven guidance of expected_nv_180 instead.
with rows as (

    select address, activation_date, fee_stx_sum
    from {{ ref "waltv" }}
    where window_days = {{ var "channel_window_days" }} and {{ template "mature_rows" }}

),

channel_map as (

    -- one channel per address (seed validation refuses two); duplicates collapse here
    select address, min(channel) as channel
    from {{ ref "address_channel_map" }}
    group by address

),

tagged as (

    select r.activation_date, r.fee_stx_sum, coalesce(m.channel, 'Unknown') as channel
    from rows r
    left join channel_map m using (address)
    where exists (select 1 from channel_map)

),

cohorts as (

    select
        activation_date,
        channel,
        {{ template "exact_avg" "fee_stx_sum" }} as avg_waltv_stx,
        median(fee_stx_sum) as median_waltv_stx,
        count(*) as wallets
    from tagged
    group by activation_date, channel

),

final as (

    select
        c.activation_date,
        c.channel,
        c.avg_waltv_stx,
        c.median_waltv_stx,
        c.wallets,
        k.cac_stx,
        c.avg_waltv_stx / nullif(k.cac_stx, 0) as payback_multiple
    from cohorts c
    left join {{ ref "cac_by_channel" }} k using (channel)
    where c.wallets >= {{ var "min_cohort_wallets" }}

)

select * from final
order by activation_date, channel
