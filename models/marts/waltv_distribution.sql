-- The distribution of WALTV-30 over wallets (mature only when mature_only): 40 log-spaced bins
-- from the smallest to the largest positive value, since fees are heavy-tailed; wallets with no
-- fees are bin 0.
with rows as (

    select fee_stx_sum
    from {{ ref "waltv" }}
    where window_days = 30 and {{ template "mature_rows" }}

),

bounds as (

    select ln(min(fee_stx_sum)) as lo, ln(max(fee_stx_sum)) as hi
    from rows
    where fee_stx_sum > 0

),

binned as (

    select
        case
            when r.fee_stx_sum <= 0 then 0
            when b.hi = b.lo then 1
            else least(40, 1 + floor((ln(r.fee_stx_sum) - b.lo) / (b.hi - b.lo) * 40))::integer
        end as bin
    from rows r
    cross join bounds b

),

edges as (

    select
        i as bin,
        case when i = 0 then 0 else exp(b.lo + (b.hi - b.lo) * (i - 1) / 40) end as lower_stx,
        case when i = 0 then 0 else exp(b.lo + (b.hi - b.lo) * i / 40) end as upper_stx
    from range(0, 41) as t(i)
    cross join bounds b
    where b.lo is not null

),

final as (

    select e.bin, e.lower_stx, e.upper_stx, count(x.bin) as wallets
    from edges e
    left join binned x using (bin)
    group by e.bin, e.lower_stx, e.upper_stx

)

select * from final
order by bin
