{{/* Singular tests of waltv: each returns the rows that break a rule. */}}

{{ define "windows_only_grow" }}
-- A longer window holds every tx of a shorter one, so its count and fees are never smaller.
select shorter.address, shorter.window_days, longer.window_days as longer_window
from {{ this }} as shorter
join {{ this }} as longer
    on longer.address = shorter.address and longer.window_days > shorter.window_days
where longer.tx_count < shorter.tx_count
   or longer.fee_stx_sum < shorter.fee_stx_sum - 1e-9
{{ end }}

{{ define "cohort_wallets_only" }}
-- Every row belongs to a cohort wallet, at the activation recorded for it.
select w.address
from {{ this }} as w
left join {{ ref "activation" }} as a using (address)
where not coalesce(a.is_cohort, false) or a.activation_time <> w.activation_time
{{ end }}
