// Package ingesttest has what ingestion tests need and nothing else: a synthetic chain, fake
// Hiro, CoinGecko and Signal21 servers serving it with every failure mode of
// shared/reference/data-sources.md §7 on a knob, an in-memory Store with the warehouse's
// semantics, and a clock that never sleeps.
package ingesttest

import (
	"context"
	"sync"
	"time"
)

// Clock is a fake ingest.Clock: Sleep moves it forward at once, so tests never wait.
type Clock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t.UTC()} }

// Now is the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep advances the clock by d.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	return c.SleepUntil(ctx, c.Now().Add(d))
}

// SleepUntil advances the clock to t, if it is not there yet.
func (c *Clock) SleepUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.slept += t.Sub(c.now)
		c.now = t
	}
	return nil
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Slept is how long all sleeps together moved the clock.
func (c *Clock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}
