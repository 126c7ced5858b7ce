package ingest

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinels callers branch on.
var (
	// ErrNotFound: the API answered 404 (a height past the tip, an unknown cycle).
	ErrNotFound = errors.New("not found")
	// ErrGone: the API answered 410, a retired (deprecated) route; use its successor.
	ErrGone = errors.New("route retired")
	// ErrQuotaExhausted: the API asked to wait longer than HTTPOptions.MaxRetryAfter, or
	// reported its monthly quota used up. Everything committed so far stays; run again later.
	ErrQuotaExhausted = errors.New("quota exhausted")
	// ErrGaveUp: a transient failure (429, 5xx, timeout, bad body) outlasted every retry.
	ErrGaveUp = errors.New("gave up")
	// ErrNoData: the API cannot serve this span (e.g. older than its plan's history); another
	// source may.
	ErrNoData = errors.New("no data for this span")
)

// StatusError is an HTTP answer that will not get better by retrying.
type StatusError struct {
	API    string // hiro, coingecko, signal21
	Status int
	URL    string // without query secrets
	Body   string // the start of the body
	Hint   string // what to do about it, naming the key or flag to fix
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s: GET %s: %d %s", e.API, e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

// Is makes 404 match ErrNotFound and 410 match ErrGone.
func (e *StatusError) Is(target error) bool {
	return (target == ErrNotFound && e.Status == http.StatusNotFound) ||
		(target == ErrGone && e.Status == http.StatusGone)
}

// transient is a failed attempt worth retrying; wait, when positive, is what the server asked.
type transient struct {
	err  error
	wait waitHint
}

type waitHint struct {
	d       float64 // seconds the server asked for (Retry-After, or until the rate-limit reset)
	ok      bool
	limited bool // a 429: slow the host down
}

func (t *transient) Error() string { return t.err.Error() }
func (t *transient) Unwrap() error { return t.err }
