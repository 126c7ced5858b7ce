-- State of `wv ingest`, written in the same transaction as the raw rows it describes, so a run
-- killed at any point resumes exactly. Keys are logical, like the raw layer's.

-- +goose Up
-- key source: how far each walk has read, as final (blocks: the last Stacks block at least
-- 6 Bitcoin blocks deep; rewards: the Bitcoin tip at the end of the last complete walk)
create table meta.ingest_cursors (
    source     varchar,
    height     bigint,
    hash       varchar,
    updated_at timestamp
);

-- key (symbol, source, span_start): price windows fetched; status ok, failed (the primary
-- source could not serve it; the fallback filled its gaps) or missing (no source could:
-- tried again next run)
create table meta.ingest_price_spans (
    symbol     varchar,
    source     varchar,
    span_start timestamp,
    span_end   timestamp,
    points     bigint,
    status     varchar,
    fetched_at timestamp
);

-- key contract_id: the PoX constants of /v2/pox, as last read
create table meta.ingest_pox_constants (
    contract_id                    varchar,
    first_burnchain_block_height   bigint,
    reward_cycle_length            bigint,
    prepare_phase_block_length     bigint,
    reward_phase_block_length      bigint,
    reward_slots                   bigint,
    current_cycle                  bigint,
    current_burnchain_block_height bigint,
    fetched_at                     timestamp
);

-- key (detected_at, source, fork_height): reorgs found by the parent-hash check; rows at and
-- above fork_height were dropped and read again from the new fork
create table meta.ingest_forks (
    detected_at    timestamp,
    source         varchar,
    fork_height    bigint,
    old_tip_height bigint,
    old_hash       varchar,
    new_hash       varchar
);

-- +goose Down
drop table meta.ingest_forks;
drop table meta.ingest_pox_constants;
drop table meta.ingest_price_spans;
drop table meta.ingest_cursors;
