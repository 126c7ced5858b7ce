-- Orchestrator metadata: one row per command run and per model built, so state:modified,
-- run history and failures can be queried like any other table.

-- +goose Up
create schema if not exists meta;

create table meta.runs (
    run_id      varchar primary key,
    command     varchar,   -- run, build, test, seed
    started_at  timestamp,
    finished_at timestamp,
    status      varchar,   -- ok, error
    selection   varchar,   -- the --select / --exclude given
    vars        varchar    -- JSON object of every var value used
);

create table meta.model_runs (
    run_id       varchar,
    model        varchar,   -- model name
    relation     varchar,   -- layer.name
    materialized varchar,
    status       varchar,   -- OK, FAIL, SKIP
    rows         bigint,    -- rows in the built table (NULL for views)
    started_at   timestamp,
    seconds      double,
    fingerprint  varchar,   -- sha256 of compiled SQL and materialization
    error        varchar
);

-- +goose Down
-- the schema stays: it also holds goose's own version table
drop table meta.model_runs;
drop table meta.runs;
