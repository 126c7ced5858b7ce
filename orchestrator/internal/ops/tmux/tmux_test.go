package tmux

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// The tmux commands themselves run in the end-to-end test of `wv ops` (package cli).

func TestServer_NotInstalled(t *testing.T) {
	s := Server{Bin: "wv-test-no-such-tmux"}
	if _, err := s.Sessions(); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Sessions = %v, want ErrNotInstalled", err)
	}
	if err := s.NewSession("ops-x", "/", []string{"true", "x"}); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("NewSession = %v, want ErrNotInstalled", err)
	}
	if want := "tmux is not installed: apt-get install tmux (or brew install tmux)"; ErrNotInstalled.Error() != want {
		t.Errorf("message %q", ErrNotInstalled)
	}
}

func TestError_NoServer(t *testing.T) {
	err := &Error{Command: "list-sessions", Stderr: "no server running on /tmp/tmux-0/x", Err: &exec.ExitError{}}
	if !noServer(err) || err.Error() != "tmux list-sessions: no server running on /tmp/tmux-0/x" {
		t.Errorf("noServer(%v) = %v", err, noServer(err))
	}
	if !noServer(&Error{Command: "list-sessions", Stderr: "server exited unexpectedly"}) {
		t.Error("a server exiting with its last session taken for a failure")
	}
	if noServer(&Error{Command: "new-session", Stderr: "duplicate session: ops-x"}) {
		t.Error("a duplicate session taken for no server")
	}
}

func TestServer_Socket(t *testing.T) {
	for socket, want := range map[string]string{"wv-test": "-L wv-test", "/tmp/x/tmux.sock": "-S /tmp/x/tmux.sock"} {
		if got := strings.Join(Server{Socket: socket}.socketArgs(), " "); got != want {
			t.Errorf("socket %q: %s, want %s", socket, got, want)
		}
	}
}
