with

txs as (
    select * from {{ ref "stg_transactions" }}
),

blocks as (
    select * from {{ ref "stg_blocks" }}
),

windows as (
    select unnest({{ var "windows" }}) as window_days
    union all
    select unnest({{ var "no_windows" }})
),

final as (
    select
        txs.sender,
        windows.window_days,
        count(*) as tx_count
    from txs
    join blocks using (block_height)
    cross join windows
    where {{ include "in_window" (dict "col" "txs.block_time" "days" (var "max_days")) }}
    {{- if var "mature_only" }}
      and windows.window_days <= {{ var "max_days" }}
    {{- else }}
      and true
    {{- end }}
    group by all
)

select * from final
