-- Funded on D0: the earliest balance observed in [activation_time, activation_time +
-- d0_balance_max_lag_days], recorded with the time it was observed.
with cohort as (

    select address, activation_time, activation_date
    from {{ ref "activation" }}
    where is_cohort

),

first_snapshot as (

    select
        c.address,
        arg_min(b.balance_ustx, b.as_of) as balance_ustx,
        min(b.as_of) as snapshot_as_of
    from cohort c
    join {{ ref "stg_balances" }} b
        on b.address = c.address
        and b.as_of >= c.activation_time
        and b.as_of <= c.activation_time + to_days({{ var "d0_balance_max_lag_days" }})
    group by c.address

),

final as (

    select
        c.address,
        c.activation_date,
        s.snapshot_as_of is not null as has_snapshot,
        coalesce(s.balance_ustx >= {{ var "funded_stx_min" }} * 1e6, false) as funded_d0,
        s.balance_ustx,
        s.snapshot_as_of
    from cohort c
    left join first_snapshot s using (address)

)

select * from final
