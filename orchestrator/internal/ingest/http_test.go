package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

// server answers with handle and counts requests.
func server(t *testing.T, handle func(n int64, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handle(n.Add(1), w, r) }))
	t.Cleanup(s.Close)
	return s, &n
}

func testAPI(t *testing.T, url string, clock ingest.Clock, jitter func(time.Duration) time.Duration, log *slog.Logger) *ingest.API {
	t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := ingest.NewClient(ingest.HTTPOptions{Jitter: jitter}, clock, log, ingest.NewRedactor("sekret-key-123"))
	api, err := c.API(ingest.APIConfig{Name: "test", BaseURL: url, Hint: func(status int, _ []byte) string {
		return fmt.Sprintf("fix the thing for %d", status)
	}})
	must(t, err)
	return api
}

func zero(time.Duration) time.Duration { return 0 }

func jsonAnswer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

// 400, 401, 403, 404 and 410 are answers, not accidents: one request, an error with the hint.
func TestClient_NoRetryOnConfigErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 410} {
		s, n := server(t, func(_ int64, w http.ResponseWriter, _ *http.Request) { jsonAnswer(w, status, `{"error":"no"}`) })
		api := testAPI(t, s.URL, ingesttest.NewClock(end), zero, nil)
		var v map[string]any
		err := api.Get(context.Background(), "/x", nil, &v, nil)
		var se *ingest.StatusError
		if !errors.As(err, &se) || se.Status != status || n.Load() != 1 {
			t.Errorf("%d: err %v after %d requests; want a StatusError after 1", status, err, n.Load())
			continue
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("fix the thing for %d", status)) {
			t.Errorf("%d: %q has no hint", status, err)
		}
		if errors.Is(err, ingest.ErrNotFound) != (status == 404) || errors.Is(err, ingest.ErrGone) != (status == 410) {
			t.Errorf("%d: errors.Is ErrNotFound %v, ErrGone %v", status, errors.Is(err, ingest.ErrNotFound), errors.Is(err, ingest.ErrGone))
		}
	}
}

// Transient failures back off exponentially to a cap (here with the jitter at its maximum),
// then give up with ErrGaveUp.
func TestClient_BackoffIsCappedAndGivesUp(t *testing.T) {
	s, n := server(t, func(_ int64, w http.ResponseWriter, _ *http.Request) { jsonAnswer(w, 503, `{}`) })
	clock := ingesttest.NewClock(end)
	api := testAPI(t, s.URL, clock, func(d time.Duration) time.Duration { return d }, nil)
	err := api.Get(context.Background(), "/x", nil, &map[string]any{}, nil)
	if !errors.Is(err, ingest.ErrGaveUp) || n.Load() != 8 {
		t.Fatalf("err %v after %d requests; want ErrGaveUp after 8", err, n.Load())
	}
	if want := (1 + 2 + 4 + 8 + 16 + 32 + 60) * time.Second; clock.Slept() != want {
		t.Errorf("slept %s between the 8 attempts; want %s (1 s doubling, capped at 60 s)", clock.Slept(), want)
	}
}

// Retry-After is honoured up to the cap; beyond it the run stops with "quota exhausted", and
// later requests to that API fail at once.
func TestClient_RetryAfter(t *testing.T) {
	s, n := server(t, func(i int64, w http.ResponseWriter, _ *http.Request) {
		if i == 1 {
			w.Header().Set("Retry-After", "7")
			jsonAnswer(w, 429, `{}`)
			return
		}
		jsonAnswer(w, 200, `{"ok":true}`)
	})
	clock := ingesttest.NewClock(end)
	api := testAPI(t, s.URL, clock, zero, nil)
	must(t, api.Get(context.Background(), "/x", nil, &map[string]any{}, nil))
	if clock.Slept() != 7*time.Second || n.Load() != 2 {
		t.Errorf("slept %s over %d requests; want 7s over 2", clock.Slept(), n.Load())
	}

	s, n = server(t, func(_ int64, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "86400")
		jsonAnswer(w, 429, `{}`)
	})
	api = testAPI(t, s.URL, clock, zero, nil)
	for range 2 {
		err := api.Get(context.Background(), "/x", nil, &map[string]any{}, nil)
		if !errors.Is(err, ingest.ErrQuotaExhausted) || !strings.Contains(err.Error(), "quota exhausted") || n.Load() != 1 {
			t.Errorf("a day's Retry-After: %v after %d requests; want quota exhausted after 1", err, n.Load())
		}
	}
}

// A spent monthly quota stops the next request before it is sent.
func TestClient_MonthQuota(t *testing.T) {
	s, n := server(t, func(_ int64, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Ratelimit-Remaining-Stacks-Month", "0")
		jsonAnswer(w, 200, `{}`)
	})
	api := testAPI(t, s.URL, ingesttest.NewClock(end), zero, nil)
	must(t, api.Get(context.Background(), "/x", nil, &map[string]any{}, nil))
	if err := api.Get(context.Background(), "/x", nil, &map[string]any{}, nil); !errors.Is(err, ingest.ErrQuotaExhausted) || n.Load() != 1 {
		t.Errorf("after the month's last request: %v, %d requests", err, n.Load())
	}
}

// Keys never reach an error or a log line, even when the server echoes them.
func TestClient_RedactsKeys(t *testing.T) {
	s, _ := server(t, func(i int64, w http.ResponseWriter, r *http.Request) {
		if i == 1 {
			jsonAnswer(w, 503, `{}`)
			return
		}
		jsonAnswer(w, 401, `{"message":"bad key sekret-key-123"}`)
	})
	var logs bytes.Buffer
	red := ingest.NewRedactor("sekret-key-123")
	log := slog.New(red.Handler(slog.NewTextHandler(&logs, nil)))
	api := testAPI(t, s.URL+"/sekret-key-123", ingesttest.NewClock(end), zero, log)
	err := api.Get(context.Background(), "/x", nil, &map[string]any{}, nil)
	log.Info("a line with the key sekret-key-123", "key", "sekret-key-123", "err", errors.New("x sekret-key-123"))
	for what, text := range map[string]string{"error": err.Error(), "log": logs.String()} {
		if strings.Contains(text, "sekret-key-123") || !strings.Contains(text, "[REDACTED]") {
			t.Errorf("the %s shows the key: %s", what, text)
		}
	}
}

// Against a fake enforcing 500 requests a minute, the client learns the limit from the headers
// and runs at 95 % of it, without a single 429 (fake clock: no real time passes).
func TestClient_PacesToTheAdvertisedLimit(t *testing.T) {
	clock := ingesttest.NewClock(end)
	c := ingesttest.NewChain(ingesttest.ChainOptions{Seed: 1, End: end, Days: 0.2})
	h := ingesttest.NewHiro(t, c, ingesttest.HiroOptions{Faults: ingesttest.Faults{RatePerMinute: 500, Clock: clock}})
	api := testAPI(t, h.URL, clock, zero, nil)
	start := clock.Now()
	const requests = 2000
	for range requests {
		must(t, api.Get(context.Background(), "/extended", nil, &map[string]any{}, nil))
	}
	perMin := requests / clock.Now().Sub(start).Minutes()
	if h.Limited() != 0 || perMin < 0.9*500 || perMin > 500 {
		t.Errorf("%.0f requests a minute with %d 429s; want 450-500 and none", perMin, h.Limited())
	}
}
