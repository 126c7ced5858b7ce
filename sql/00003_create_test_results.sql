-- One row per model test run by `wv test` or `wv build`.

-- +goose Up
create table meta.test_results (
    run_id    varchar,
    test      varchar,   -- <model>.<test>
    model     varchar,
    kind      varchar,   -- generic, singular, unit
    severity  varchar,   -- error, warn
    status    varchar,   -- PASS, FAIL, WARN, ERROR
    failures  bigint,    -- failing rows (data tests) or differing rows (unit tests)
    seconds   double,
    message   varchar
);

-- +goose Down
drop table meta.test_results;
