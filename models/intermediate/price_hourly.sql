-- The hourly STX/BTC panel. Per hour and symbol one source is used: the one with the most
-- prints that hour (CoinGecko, then Signal21, then others by name on a tie), averaged.
-- stx_btc = stx_usd / btc_usd, or a direct STX-BTC quote when a leg is missing. Gaps of at
-- most price_tolerance_hours missing hours are interpolated linearly; longer gaps stay NULL.
with prints as (

    select date_trunc('hour', ts) as hour, symbol, source, price
    from {{ ref "stg_prices" }}
    where symbol in ('STX-USD', 'BTC-USD', 'STX-BTC')

),

per_source as (

    select hour, symbol, source, {{ template "exact_avg" "price" }} as price, count(*) as prints
    from prints
    group by all

),

best_source as (

    select hour, symbol, source, price
    from per_source
    qualify row_number() over (
        partition by hour, symbol
        order by prints desc,
            case source when 'coingecko' then 0 when 'signal21' then 1 else 2 end,
            source
    ) = 1

),

observed as (

    select
        hour,
        max(price) filter (where symbol = 'STX-USD') as stx_usd,
        max(price) filter (where symbol = 'BTC-USD') as btc_usd,
        coalesce(
            max(price) filter (where symbol = 'STX-USD') / max(price) filter (where symbol = 'BTC-USD'),
            max(price) filter (where symbol = 'STX-BTC')
        ) as stx_btc,
        string_agg(distinct source, '+' order by source) as source
    from best_source
    group by hour

),

spine as (

    select unnest(generate_series(min(hour), max(hour), interval 1 hour)) as hour
    from observed

),

with_neighbours as (

    select
        s.hour,
        o.stx_usd,
        o.btc_usd,
        o.stx_btc,
        o.source,
        {{ template "neighbours" (dict "col" "stx_usd") }},
        {{ template "neighbours" (dict "col" "btc_usd") }},
        {{ template "neighbours" (dict "col" "stx_btc") }}
    from spine s
    left join observed o using (hour)

),

filled as (

    select
        hour,
        {{ template "interpolate" (dict "col" "stx_usd") }} as stx_usd,
        {{ template "interpolate" (dict "col" "btc_usd") }} as btc_usd,
        {{ template "interpolate" (dict "col" "stx_btc") }} as stx_btc_filled,
        stx_btc is null as stx_btc_missing,
        source
    from with_neighbours

),

final as (

    select
        hour as ts,
        stx_usd,
        btc_usd,
        stx_btc_filled as stx_btc,
        case when stx_btc_missing and stx_btc_filled is not null then 'interpolated' else source end as source,
        stx_btc_missing and stx_btc_filled is not null as interpolated
    from filled

)

select * from final
