package filelock

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestAcquire_SecondHolderIsRefusedUntilRelease(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb.ingest.lock")
	release, err := Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(path)
	var held *HeldError
	if !errors.As(err, &held) || !errors.Is(err, ErrHeld) {
		t.Fatalf("second Acquire: %v, want a HeldError", err)
	}
	if held.PID != os.Getpid() {
		t.Errorf("holder pid %d, want %d", held.PID, os.Getpid())
	}
	want := path + " is held by process " + strconv.Itoa(os.Getpid())
	if err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	release()
	again, err := Acquire(path)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}

func TestAcquire_MissingFolder(t *testing.T) {
	_, err := Acquire(filepath.Join(t.TempDir(), "no", "such", "x.lock"))
	if err == nil || errors.Is(err, ErrHeld) {
		t.Fatalf("got %v, want an open error", err)
	}
}
