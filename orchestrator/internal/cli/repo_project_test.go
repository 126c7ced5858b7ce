package cli

import (
	"os"
	"path/filepath"
)

// CopyRepoProject is copyRepoProject for the external (cli_test) tests.
var CopyRepoProject = copyRepoProject

// copyRepoProject puts the repository's own project (wv.yml, sql, models, macros, seeds,
// reports) into dir, for test scripts marked with a .repo-project file.
func copyRepoProject(repo, dir string) error {
	for _, d := range []string{"sql", "models", "macros", "seeds", "reports"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(repo, d))); err != nil {
			return err
		}
	}
	b, err := os.ReadFile(filepath.Join(repo, "wv.yml"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wv.yml"), b, 0o644)
}
