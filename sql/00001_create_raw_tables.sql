-- The raw layer of spec/METRICS.md: written only by ingestion (wv ingest, wv demo) and test
-- fixtures; models only read it. Keys are logical (enforced by the loaders' upserts and by
-- model tests), not DuckDB PRIMARY KEYs: an ART index over 20 million tx ids costs gigabytes
-- of memory and blocks later ALTERs.

-- +goose Up
create schema if not exists raw;

-- one row per canonical transaction; key tx_id
create table raw.transactions (
    tx_id             varchar   not null,
    index_block_hash  varchar,
    block_height      bigint,
    block_time        timestamp not null,
    burn_block_height bigint,
    burn_block_time   timestamp,
    tx_index          integer,
    tx_type           varchar   not null,
    tx_status         varchar   not null,
    canonical         boolean   default true,
    sender_address    varchar   not null,
    sponsor_address   varchar,
    fee_ustx          bigint    not null,
    nonce             bigint,
    contract_id       varchar,
    function_name     varchar,
    source            varchar,
    ingested_at       timestamp
);

-- one row per canonical Stacks block; key height
create table raw.blocks (
    height                  bigint,
    index_block_hash        varchar,
    parent_index_block_hash varchar,
    block_time              timestamp,
    burn_block_height       bigint,
    burn_block_hash         varchar,
    burn_block_time         timestamp,
    tx_count                integer,
    ingested_at             timestamp
);

-- key (symbol, source, ts)
create table raw.prices (
    ts          timestamp,
    symbol      varchar,
    price       double,
    source      varchar,
    ingested_at timestamp
);

-- key (address, as_of); one row per observation, never overwritten
create table raw.balances (
    address      varchar,
    as_of        timestamp,
    block_height bigint,
    balance_ustx bigint,
    locked_ustx  bigint,
    source       varchar,
    ingested_at  timestamp
);

-- key cycle_number
create table raw.pox_cycles (
    cycle_number       bigint,
    start_burn_height  bigint,
    end_burn_height    bigint,
    start_time         timestamp,
    end_time           timestamp,
    total_stacked_ustx bigint,
    total_weight       bigint,
    total_signers      integer,
    ingested_at        timestamp
);

-- key (burn_block_hash, reward_index)
create table raw.burnchain_rewards (
    burn_block_hash    varchar,
    burn_block_height  bigint,
    burn_block_time    timestamp,
    reward_index       integer,
    reward_recipient   varchar,
    reward_amount_sats bigint,
    burn_amount_sats   bigint,
    canonical          boolean,
    ingested_at        timestamp
);

-- key as_of
create table raw.stx_supply (
    as_of        timestamp,
    total_stx    double,
    unlocked_stx double
);

-- +goose Down
drop schema raw cascade;
