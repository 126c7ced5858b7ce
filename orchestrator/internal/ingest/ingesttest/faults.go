package ingesttest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Faults are the failure modes of data-sources.md §7 every fake can inject. "Every n" faults
// hit the n-th, 2n-th, ... request to the fake.
type Faults struct {
	Every429       int                          // F1/F3: 429, with RetryAfter if set
	RetryAfter     string                       // Retry-After of those 429s ("" sends none)
	Every5xx       int                          // F4: 500, 502, 503, 504 in turn
	EveryTruncated int                          // F5: 200 with half the body (every other time with the full Content-Length)
	EveryHTML      int                          // F5: 200 text/html error page from a "CDN"
	EveryReset     int                          // F4: the connection closes without an answer
	EveryStall     int                          // F4: no answer until the client gives up (its timeout)
	EveryEmpty     int                          // F10: a list page answers with no results
	QuotaAfter     int                          // F2: from the n-th request on: 429, Retry-After 86400, monthly quota 0
	RatePerMinute  int                          // F1: a fixed one-minute window with Hiro's rate-limit headers; over it, 429
	Clock          interface{ Now() time.Time } // the window's clock [real time]
}

// faulter applies Faults in front of a fake's routes and counts what it served.
type faulter struct {
	f        Faults
	n        atomic.Int64
	limited  atomic.Int64
	mu       sync.Mutex
	window   int64 // unix minute of the rate window
	inWindow int
}

type emptyKey struct{}

// emptyPage reports whether the fault of this request is an empty list page.
func emptyPage(r *http.Request) bool { return r.Context().Value(emptyKey{}) != nil }

func (f *faulter) every(k int, n int64) bool { return k > 0 && n%int64(k) == 0 }

func (f *faulter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.n.Add(1)
		if f.f.QuotaAfter > 0 && n >= int64(f.f.QuotaAfter) {
			w.Header().Set("Retry-After", "86400")
			w.Header().Set("X-Ratelimit-Remaining-Stacks-Month", "0")
			f.limited.Add(1)
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "quota exceeded"})
			return
		}
		if !f.rate(w) {
			return
		}
		switch {
		case f.every(f.f.Every429, n):
			if f.f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.f.RetryAfter)
			}
			f.limited.Add(1)
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"status": map[string]any{"error_code": 429, "error_message": "You've exceeded the Rate Limit"}})
		case f.every(f.f.Every5xx, n):
			codes := []int{500, 502, 503, 504}
			writeJSON(w, codes[(n/int64(f.f.Every5xx))%4], map[string]any{"error": "The database service is unavailable"})
		case f.every(f.f.EveryReset, n):
			reset(w)
		case f.every(f.f.EveryStall, n):
			<-r.Context().Done()
		case f.every(f.f.EveryHTML, n):
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1>cloudflare</body></html>")
		case f.every(f.f.EveryTruncated, n):
			truncate(w, r, next, n/int64(f.f.EveryTruncated)%2 == 0)
		case f.every(f.f.EveryEmpty, n):
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), emptyKey{}, true)))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// rate enforces RatePerMinute; false means it answered 429.
func (f *faulter) rate(w http.ResponseWriter) bool {
	limit := f.f.RatePerMinute
	if limit <= 0 {
		return true
	}
	now := time.Now()
	if f.f.Clock != nil {
		now = f.f.Clock.Now()
	}
	f.mu.Lock()
	if m := now.Unix() / 60; m != f.window {
		f.window, f.inWindow = m, 0
	}
	f.inWindow++
	used := f.inWindow
	f.mu.Unlock()
	reset := 60 - now.Unix()%60
	h := w.Header()
	h.Set("X-Ratelimit-Limit-Stacks-Minute", strconv.Itoa(limit))
	h.Set("X-Ratelimit-Remaining-Stacks-Minute", strconv.Itoa(max(0, limit-used)))
	h.Set("Ratelimit-Limit", strconv.Itoa(limit))
	h.Set("Ratelimit-Remaining", strconv.Itoa(max(0, limit-used)))
	h.Set("Ratelimit-Reset", strconv.FormatInt(reset, 10))
	if used <= limit {
		return true
	}
	h.Set("Retry-After", strconv.FormatInt(int64(math.Max(1, float64(reset))), 10))
	f.limited.Add(1)
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limit exceeded"})
	return false
}

// truncate answers with half of next's body, declaring the whole length or not.
func truncate(w http.ResponseWriter, r *http.Request, next http.Handler, declare bool) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if declare {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(rec.Code)
	w.Write(body[:len(body)/2])
	if declare {
		w.(http.Flusher).Flush()
		reset(w)
	}
}

// reset closes the connection under the response.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("ingesttest: response writer cannot be hijacked")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	buf.Flush()
	conn.Close()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	if err := jsonEncoder(&b).Encode(v); err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
