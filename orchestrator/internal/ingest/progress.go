package ingest

// Reporter receives progress: the stage ("ingest:blocks"), how far along it is (current of
// total; total 0 when unknown) and what is being fetched. It is progress.Reporter's method
// set, so the CLI's reporters fit without this package importing them.
type Reporter interface {
	Report(stage string, current, total int64, detail string)
}

type nopReporter struct{}

func (nopReporter) Report(string, int64, int64, string) {}
