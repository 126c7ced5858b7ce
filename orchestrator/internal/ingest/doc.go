// Package ingest fetches chain, price and PoX data from public APIs into the raw layer (raw.*),
// incrementally, idempotently and resumably.
//
// The pieces:
//   - [Client] is the one HTTP client of every API: a rate limiter per host that follows the
//     rate-limit headers, retries with capped exponential backoff and full jitter on 429, 5xx,
//     timeouts and truncated or non-JSON bodies, Retry-After honoured up to a cap (beyond it,
//     [ErrQuotaExhausted]), and no retry on 400/401/403/404/410, with a hint naming the key or
//     flag to fix. Keys never reach a log line or an error ([Redactor]).
//   - [Source] is one kind of data (blocks, balances, PoX, prices, supply); the API packages
//     (hiro, coingecko, signal21) implement them, and [Run] runs them in order.
//   - [Store] is the warehouse. Sources write [Batch]es: deletes, then upserts by key, plus the
//     source's own state (cursors, fetched spans) in the same transaction, so a run killed at
//     any point resumes from the last committed batch with nothing lost or duplicated. The
//     package never imports the DuckDB driver: the CLI adapts the warehouse to Store, opening
//     it per batch so that other processes can copy it between batches.
//   - Time comes from a [Clock], so tests never sleep and ingested_at is reproducible.
package ingest
