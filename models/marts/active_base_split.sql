-- The active base of the last 30 days split by age: young wallets activated within 180 days
-- of as_of_date (and inside coverage), legacy wallets older or activated before coverage.
with recent as (

    select address, sum(fee_ustx) as fee_ustx
    from {{ ref "tx_priced" }}
    where {{ template "last_days" 30 }}
    group by address

),

aged as (

    select
        r.address,
        r.fee_ustx,
        coalesce(
            a.activation_date >= greatest({{ template "as_of_date" }} - 180, {{ var "data_start" }}),
            false
        ) as young
    from recent r
    left join {{ ref "activation" }} a using (address)

),

final as (

    select
        count(*) as active_wallets,
        count(*) filter (where young) as young_wallets,
        count(*) filter (where not young) as legacy_wallets,
        100.0 * count(*) filter (where young) / nullif(count(*), 0) as young_pct,
        100.0 * count(*) filter (where not young) / nullif(count(*), 0) as legacy_pct,
        coalesce(sum(fee_ustx) filter (where young), 0) / 1e6 as young_fee_stx,
        coalesce(sum(fee_ustx) filter (where not young), 0) / 1e6 as legacy_fee_stx
    from aged

)

select * from final
