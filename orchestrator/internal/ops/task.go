package ops

import (
	"fmt"
	"strings"
)

// Task is a long job operators start with `wv ops start <name>`: a wv command line run in a
// tmux session named by [Task.Session], with its output logged.
type Task struct {
	Name        string
	Description string
	Args        []string // wv arguments, after the global flags
}

// Tasks is the task registry, in the order `wv ops tasks` and the monitor list them.
func Tasks() []Task {
	return []Task{
		{Name: "ingest", Description: "Fetch new blocks, prices, balances and PoX data into raw.* (resumable)",
			Args: []string{"ingest", "all"}},
		{Name: "update-balances", Description: "Refresh wallet balances under the Hiro rate limit (hours)",
			Args: []string{"ingest", "balances", "--ensure-wallet-balances"}},
		{Name: "build-wallet", Description: "Build and publish the value dashboard",
			Args: []string{"build", "--value-only"}},
		{Name: "build-roi", Description: "Build and publish the ROI one-pager",
			Args: []string{"build", "--one-pager-only"}},
	}
}

// Find returns the task called name.
func Find(tasks []Task, name string) (Task, error) {
	names := make([]string, len(tasks))
	for i, t := range tasks {
		if t.Name == name {
			return t, nil
		}
		names[i] = t.Name
	}
	return Task{}, fmt.Errorf("unknown task %q: the tasks are %s (wv ops tasks)", name, strings.Join(names, ", "))
}

// Session is the name of the tmux session that runs the task: ops-<name>.
func (t Task) Session() string { return "ops-" + t.Name }

// Command is how the task's command reads to a person: wv and its arguments.
func (t Task) Command() string { return Quote(append([]string{"wv"}, t.Args...)) }

// Quote joins argv into one line a POSIX shell reads back as the same words.
func Quote(argv []string) string {
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = quoteWord(a)
	}
	return strings.Join(words, " ")
}

func quoteWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
