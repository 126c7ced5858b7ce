-- Expected NV-180: the mean WALTV-180 per wallet (zeros included) over the cohorts activated
-- in [as_of_date - 360, as_of_date - 180] - old enough for 180 days. It is also the breakeven
-- CPA at 180 days: the most one can pay per activation and still reach 1.0x payback by D180.
with cohort as (

    select address, activation_date
    from {{ ref "activation" }}
    where is_cohort
      and activation_date between {{ template "as_of_date" }} - 360 and {{ template "as_of_date" }} - 180

),

wallets as (

    select
        c.address,
        c.activation_date,
        coalesce(w.fee_stx_sum, 0) as waltv_stx,
        coalesce(f.funded_d0, false) as funded
    from cohort c
    left join {{ ref "waltv" }} w on w.address = c.address and w.window_days = 180
    left join {{ ref "funded_d0" }} f on f.address = c.address

),

final as (

    select
        {{ template "exact_avg" "waltv_stx" }} as expected_nv_180_stx,
        {{ template "exact_avg" "waltv_stx" }} as breakeven_cpa_180_stx,
        count(distinct activation_date) as cohorts,
        count(*) as wallets,
        {{ template "exact_avg" "waltv_stx" }} filter (where funded) as expected_nv_180_funded_stx,
        count(distinct activation_date) filter (where funded) as funded_cohorts,
        count(*) filter (where funded) as funded_wallets
    from wallets

)

select * from final
