-- PoX yield per cycle. Payouts are the canonical reward slots in the cycle's burn range; burns
-- count once per burn block. APY is BTC paid to stackers over the BTC value of the STX
-- stacked, annualised with the cycle's length: pox_cycle_days when set, else the measured
-- length (elapsed time for a running cycle), else 2100 blocks of 10 minutes.
with cycles as (

    select * from {{ ref "stg_pox_cycles" }}

),

rewards as (

    select * from {{ ref "stg_burnchain_rewards" }}

),

burn_blocks as (

    select burn_block_height, max(burn_amount_sats) as burn_sats
    from rewards
    group by burn_block_height

),

payouts as (

    select
        c.cycle_number,
        sum(r.reward_amount_sats) as reward_sats,
        count(distinct r.burn_block_height) as rewarded_blocks
    from cycles c
    join rewards r on r.burn_block_height between c.start_burn_height and c.end_burn_height
    group by c.cycle_number

),

burns as (

    select c.cycle_number, sum(b.burn_sats) as burn_sats
    from cycles c
    join burn_blocks b on b.burn_block_height between c.start_burn_height and c.end_burn_height
    group by c.cycle_number

),

prices as (

    select c.cycle_number, {{ template "exact_avg" "p.stx_btc" }} as stx_btc_avg
    from cycles c
    join {{ ref "price_hourly" }} p
        on p.ts >= c.start_time and p.ts < coalesce(c.end_time, {{ var "as_of" }})
    group by c.cycle_number

),

supply as (

    select coalesce(
        {{ var "stx_supply_stx" }},
        (select arg_max(total_stx, as_of) from {{ ref "stg_stx_supply" }}),
        1.38e9
    ) as supply_stx

),

measured as (

    select
        c.*,
        c.end_time is not null as complete,
        coalesce(
            {{ var "pox_cycle_days" }},
            epoch(coalesce(c.end_time, {{ var "as_of" }}) - c.start_time) / 86400.0,
            2100 * 10 / 1440.0
        ) as cycle_days
    from cycles c

),

final as (

    select
        m.cycle_number,
        m.start_burn_height,
        m.end_burn_height,
        m.start_time,
        m.end_time,
        m.complete,
        m.cycle_days,
        m.total_stacked_ustx,
        coalesce(p.reward_sats, 0) as reward_sats,
        coalesce(b.burn_sats, 0) as burn_sats,
        coalesce(p.reward_sats, 0) + coalesce(b.burn_sats, 0) as miner_commit_sats,
        coalesce(p.rewarded_blocks, 0) as rewarded_blocks,
        x.stx_btc_avg,
        (coalesce(p.reward_sats, 0) / 1e8)
            / nullif(m.total_stacked_ustx / 1e6 * x.stx_btc_avg, 0)
            * (365 / nullif(m.cycle_days, 0)) * 100 as apy_pct,
        m.total_stacked_ustx / 1e6 / s.supply_stx * 100 as participation_pct
    from measured m
    cross join supply s
    left join payouts p using (cycle_number)
    left join burns b using (cycle_number)
    left join prices x using (cycle_number)

)

select * from final
order by cycle_number
