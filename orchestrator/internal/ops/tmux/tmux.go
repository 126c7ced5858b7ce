// Package tmux runs the tmux binary: the sessions `wv ops` starts tasks in. It implements
// [ops.Tmux]; everything else in ops is tested without tmux.
package tmux

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// ErrNotInstalled means there is no tmux binary on PATH.
var ErrNotInstalled = errors.New("tmux is not installed: apt-get install tmux (or brew install tmux)")

// Server is a tmux server: the default one, or the one on socket Socket, which tests use so
// they never touch a person's sessions. Socket is a name (tmux -L NAME), or a path when it
// has a slash (tmux -S PATH).
type Server struct {
	Socket string
	Bin    string // the tmux binary; default "tmux" on PATH
}

// socketArgs are tmux's flags for the server's socket.
func (s Server) socketArgs() []string {
	if strings.Contains(s.Socket, "/") {
		return []string{"-S", s.Socket}
	}
	return []string{"-L", s.Socket}
}

// Sessions returns the names of the running sessions; none when no server runs.
func (s Server) Sessions() (map[string]bool, error) {
	out, err := s.run("list-sessions", "-F", "#{session_name}")
	if err != nil {
		if noServer(err) {
			return map[string]bool{}, nil
		}
		return nil, err
	}
	names := map[string]bool{}
	for _, n := range strings.Fields(out) {
		names[n] = true
	}
	return names, nil
}

// NewSession starts argv in a detached session name, in folder dir. With more than one
// word, tmux runs argv itself, with no shell in between to re-read it.
func (s Server) NewSession(name, dir string, argv []string) error {
	_, err := s.run(append([]string{"new-session", "-d", "-s", name, "-c", dir, "--"}, argv...)...)
	return err
}

// Terminate sends SIGTERM to the process the session runs.
func (s Server) Terminate(name string) error {
	out, err := s.run("list-panes", "-s", "-t", "="+name, "-F", "#{pane_pid}")
	if err != nil {
		return err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(out, "\n", 2)[0]))
	if err != nil {
		return fmt.Errorf("tmux session %s: no process id in %q", name, out)
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	return p.Signal(syscall.SIGTERM)
}

// KillSession ends the session (tmux sends SIGHUP to what runs in it).
func (s Server) KillSession(name string) error {
	_, err := s.run("kill-session", "-t", "="+name)
	return err
}

// CapturePane returns what the session's window shows, as text.
func (s Server) CapturePane(name string) (string, error) {
	return s.run("capture-pane", "-p", "-t", "="+name+":")
}

// SendKeys types keys (tmux key names such as Enter, or text) into the session.
func (s Server) SendKeys(name string, keys ...string) error {
	_, err := s.run(append([]string{"send-keys", "-t", "=" + name + ":"}, keys...)...)
	return err
}

// KillServer ends the server and all its sessions.
func (s Server) KillServer() error {
	_, err := s.run("kill-server")
	if noServer(err) {
		return nil
	}
	return err
}

func (s Server) run(args ...string) (string, error) {
	bin := s.Bin
	if bin == "" {
		bin = "tmux"
	}
	path, err := exec.LookPath(bin)
	if err != nil {
		return "", ErrNotInstalled
	}
	command := args[0]
	if s.Socket != "" {
		args = append(s.socketArgs(), args...)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", &Error{Command: command, Stderr: strings.TrimSpace(stderr.String()), Err: err}
	}
	return stdout.String(), nil
}

// Error is a tmux command that failed, with what tmux said.
type Error struct {
	Command string // list-sessions, new-session, ...
	Stderr  string
	Err     error
}

func (e *Error) Error() string {
	msg := e.Stderr
	if msg == "" {
		msg = e.Err.Error()
	}
	return fmt.Sprintf("tmux %s: %s", e.Command, msg)
}

func (e *Error) Unwrap() error { return e.Err }

// noServer reports whether err says no tmux server runs (so no session does). "server exited
// unexpectedly" is a server that was exiting as the command connected: its last session had
// just ended (wv ops stop polls Sessions while the stopped job's session closes).
func noServer(err error) bool {
	var te *Error
	if !errors.As(err, &te) {
		return false
	}
	for _, gone := range []string{"no server running", "error connecting to", "server exited unexpectedly"} {
		if strings.Contains(te.Stderr, gone) {
			return true
		}
	}
	return false
}
