package ops

import (
	"testing"
)

func TestTasks_TheRunbookSet(t *testing.T) {
	want := map[string]string{
		"ingest":          "wv ingest all",
		"update-balances": "wv ingest balances --ensure-wallet-balances",
		"build-wallet":    "wv build --value-only",
		"build-roi":       "wv build --one-pager-only",
	}
	tasks := Tasks()
	if len(tasks) != len(want) {
		t.Fatalf("%d tasks, want %d", len(tasks), len(want))
	}
	for _, task := range tasks {
		if got := task.Command(); got != want[task.Name] {
			t.Errorf("%s: command %q, want %q", task.Name, got, want[task.Name])
		}
		if task.Session() != "ops-"+task.Name || task.Description == "" {
			t.Errorf("%s: session %q, description %q", task.Name, task.Session(), task.Description)
		}
	}
}

func TestFind(t *testing.T) {
	if task, err := Find(Tasks(), "build-roi"); err != nil || task.Name != "build-roi" {
		t.Errorf("Find(build-roi) = %v, %v", task.Name, err)
	}
	_, err := Find(Tasks(), "build")
	want := `unknown task "build": the tasks are ingest, update-balances, build-wallet, build-roi (wv ops tasks)`
	if err == nil || err.Error() != want {
		t.Errorf("Find(build) error = %v, want %s", err, want)
	}
}

func TestQuote(t *testing.T) {
	got := Quote([]string{"/usr/bin/wv", "--project-dir", "/my project", "sql", "it's", "", "a=b,c"})
	want := `/usr/bin/wv --project-dir '/my project' sql 'it'\''s' '' a=b,c`
	if got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
}
