-- Problems with the channel inputs that do not stop a build: map rows that match no cohort
-- wallet, recorded activation dates that disagree with the chain, duplicate rows, an address
-- given two channels, channels with a CAC but no wallets, and channels with wallets but no CAC.
with channel_map as (

    select address, activation_date, channel from {{ ref "address_channel_map" }}

),

cac as (

    select channel, cac_stx from {{ ref "cac_by_channel" }}

),

activation as (

    select address, activation_date, is_cohort from {{ ref "activation" }}

),

mapped_cohort as (

    select m.address, m.channel
    from channel_map m
    join activation a using (address)
    where a.is_cohort

),

unmatched as (

    select
        'unmatched_address' as issue, m.address, m.channel,
        m.activation_date as map_activation_date, a.activation_date as computed_activation_date,
        case when a.address is null then 'no eligible successful tx from this address'
            else 'activated outside the cohort range (data_start, max_days)' end as detail
    from channel_map m
    left join activation a using (address)
    where a.address is null or not a.is_cohort

),

mismatched as (

    select
        'activation_date_mismatch' as issue, m.address, m.channel,
        m.activation_date as map_activation_date, a.activation_date as computed_activation_date,
        'the map says ' || m.activation_date || ', the chain says ' || a.activation_date as detail
    from channel_map m
    join activation a using (address)
    where m.activation_date is not null and m.activation_date <> a.activation_date

),

duplicated as (

    select
        'duplicate_row' as issue, address, channel,
        null::date as map_activation_date, null::date as computed_activation_date,
        'listed ' || count(*) || ' times' as detail
    from channel_map
    group by address, channel
    having count(*) > 1

),

conflicting as (

    select
        'conflicting_channels' as issue, address, string_agg(distinct channel, ', ' order by channel) as channel,
        null::date as map_activation_date, null::date as computed_activation_date,
        'one address, several channels' as detail
    from channel_map
    group by address
    having count(distinct channel) > 1

),

cac_without_wallets as (

    select
        'cac_without_wallets' as issue, null as address, k.channel,
        null::date as map_activation_date, null::date as computed_activation_date,
        'CAC of ' || k.cac_stx || ' STX but no mapped cohort wallet' as detail
    from cac k
    where not exists (select 1 from mapped_cohort m where m.channel = k.channel)

),

wallets_without_cac as (

    select
        'wallets_without_cac' as issue, null as address, m.channel,
        null::date as map_activation_date, null::date as computed_activation_date,
        count(*) || ' mapped cohort wallets but no CAC' as detail
    from mapped_cohort m
    where not exists (select 1 from cac k where k.channel = m.channel)
    group by m.channel

),

final as (

    select * from unmatched
    union all select * from mismatched
    union all select * from duplicated
    union all select * from conflicting
    union all select * from cac_without_wallets
    union all select * from wallets_without_cac

)

select * from final
order by issue, channel, address
