package cli_test

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wv-analytics/wv/orchestrator/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"wv": func() {
			// as in cmd/wv: SIGTERM and Ctrl-C cancel, so tests see what users see
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
			stop()
			os.Exit(code)
		},
	})
}

// TestScripts runs every command the way a user types it: testdata/script/*.txtar. A script
// without its own sql/ folder gets the project's migrations (the real raw layer).
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			env.Vars = slices.DeleteFunc(env.Vars, func(kv string) bool { return strings.HasPrefix(kv, "WV_") })
			if _, err := os.Stat(filepath.Join(env.WorkDir, ".repo-project")); err == nil {
				return cli.CopyRepoProject(repo, env.WorkDir)
			}
			if _, err := os.Stat(filepath.Join(env.WorkDir, "sql")); os.IsNotExist(err) {
				return os.CopyFS(filepath.Join(env.WorkDir, "sql"), os.DirFS(filepath.Join(repo, "sql")))
			}
			return nil
		},
	})
}
