package ingest

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter paces the requests to one host: a token bucket (burst 1, so requests are evenly
// spaced) at a fraction of the limit the host advertises, paused while the host says its
// window is used up, halved after a 429 and raised back gradually.
type limiter struct {
	mu        sync.Mutex
	lim       *rate.Limiter
	target    rate.Limit // configured, then advertised pace
	cur       rate.Limit // target, or less after a 429
	pace      float64    // share of an advertised limit to use
	calm      int        // successes since the last slow-down
	pausedTil time.Time
	exhausted error
}

// Pacing constants.
const (
	defaultPace   = 0.95 // share of an advertised limit
	recoverAfter  = 20   // successes before speeding up again after a 429
	recoverFactor = 1.25
	minRate       = rate.Limit(1.0 / 60) // never slower than one request a minute
)

func newLimiter(rps, pace float64) *limiter {
	r := rate.Inf
	if rps > 0 {
		r = rate.Limit(rps)
	}
	if pace <= 0 || pace > 1 {
		pace = defaultPace
	}
	return &limiter{lim: rate.NewLimiter(r, 1), target: r, cur: r, pace: pace}
}

// wait blocks until the host may take one more request.
func (l *limiter) wait(ctx context.Context, clock Clock) error {
	for {
		l.mu.Lock()
		err, pause := l.exhausted, l.pausedTil.Sub(clock.Now())
		l.mu.Unlock()
		if err != nil {
			return err
		}
		if pause <= 0 {
			break
		}
		if err := sleepUntil(ctx, clock, clock.Now().Add(pause)); err != nil {
			return err
		}
	}
	now := clock.Now()
	r := l.lim.ReserveN(now, 1)
	if err := sleepUntil(ctx, clock, now.Add(r.DelayFrom(now))); err != nil {
		r.CancelAt(clock.Now())
		return err
	}
	return nil
}

// observe reads the rate-limit headers of a response.
func (l *limiter) observe(h http.Header, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r, ok := advertised(h, l.pace); ok && r != l.target {
		if l.cur >= l.target || r < l.cur {
			l.cur = r
		}
		l.target = r
		l.lim.SetLimitAt(now, l.cur)
	}
	if rem, ok := remaining(h); ok && rem <= 0 {
		l.pauseLocked(resetAt(h, now))
	}
}

// advertised is the pace the headers allow: a share of the per-minute and per-second limits.
func advertised(h http.Header, pace float64) (rate.Limit, bool) {
	r := math.Inf(1)
	if perMin, ok := headerNumber(h, "X-Ratelimit-Limit-Stacks-Minute"); ok && perMin > 0 {
		r = pace * perMin / 60
	}
	if perSec, ok := headerNumber(h, "X-Ratelimit-Limit-Stacks-Second"); ok && perSec > 0 {
		r = min(r, pace*perSec)
	}
	return rate.Limit(r), !math.IsInf(r, 1)
}

func remaining(h http.Header) (float64, bool) {
	if v, ok := headerNumber(h, "X-Ratelimit-Remaining-Stacks-Minute"); ok {
		return v, true
	}
	return headerNumber(h, "Ratelimit-Remaining")
}

// monthSpent reports a monthly quota used up.
func monthSpent(h http.Header) bool {
	v, ok := headerNumber(h, "X-Ratelimit-Remaining-Stacks-Month")
	return ok && v <= 0
}

// resetAt is when the host's window resets: ratelimit-reset as a unix time (above 1e9) or
// seconds from now, else the next minute.
func resetAt(h http.Header, now time.Time) time.Time {
	if v, ok := headerNumber(h, "Ratelimit-Reset"); ok && v >= 0 {
		if v > 1e9 {
			return time.Unix(int64(v), 0)
		}
		return now.Add(time.Duration(v * float64(time.Second)))
	}
	return now.Truncate(time.Minute).Add(time.Minute)
}

// retryAfter reads Retry-After: seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}

func headerNumber(h http.Header, name string) (float64, bool) {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// pause stops every request to the host until t.
func (l *limiter) pause(t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pauseLocked(t)
}

func (l *limiter) pauseLocked(t time.Time) {
	if t.After(l.pausedTil) {
		l.pausedTil = t
	}
}

// slowDown halves the pace after a 429.
func (l *limiter) slowDown(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calm = 0
	if l.cur == rate.Inf {
		return
	}
	l.cur = max(minRate, l.cur/2)
	l.lim.SetLimitAt(now, l.cur)
}

// success speeds up again, step by step, after a slow-down.
func (l *limiter) success(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur >= l.target {
		return
	}
	if l.calm++; l.calm >= recoverAfter {
		l.calm = 0
		l.cur = min(l.target, l.cur*recoverFactor)
		l.lim.SetLimitAt(now, l.cur)
	}
}

// exhaust makes every later request fail with err.
func (l *limiter) exhaust(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.exhausted == nil {
		l.exhausted = err
	}
}

// rate is the current pace in requests per second (+Inf: unlimited).
func (l *limiter) rate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return float64(l.cur)
}
