package ingest

import (
	"context"
	"time"
)

// Clock is where ingestion reads the time and waits: backoff, rate limiting, ingested_at.
// Tests pass a fake that advances instantly.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx is done (then it returns ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits for d or ctx.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// sleepUntil waits until t. A clock that can wait for an instant (SleepUntil) is asked to:
// a fake clock then lands exactly on t however many goroutines wait at once.
func sleepUntil(ctx context.Context, c Clock, t time.Time) error {
	if u, ok := c.(interface {
		SleepUntil(context.Context, time.Time) error
	}); ok {
		return u.SleepUntil(ctx, t)
	}
	return c.Sleep(ctx, t.Sub(c.Now()))
}

// Stamp is a time as stored: UTC, to the microsecond (DuckDB's TIMESTAMP precision), so that
// keys holding it compare equal after a round trip through the warehouse.
func Stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Unix is a unix-seconds time as stored.
func Unix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
