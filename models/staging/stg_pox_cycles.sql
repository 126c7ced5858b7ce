-- PoX cycles that had started by as_of; a cycle ending after as_of is still running.
select
    cycle_number,
    start_burn_height,
    end_burn_height,
    start_time,
    case when end_time <= {{ var "as_of" }} then end_time end as end_time,
    total_stacked_ustx,
    total_weight,
    total_signers
from {{ source "raw" "pox_cycles" }}
where start_time < {{ var "as_of" }}
