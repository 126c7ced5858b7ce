package run

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Run describes one command run, recorded in meta.runs.
type Run struct {
	ID        string
	Command   string
	StartedAt time.Time
	Selection string
	Vars      string // JSON
}

// Begin records the start of a run.
func Begin(ctx context.Context, db *sql.DB, r Run) error {
	_, err := db.ExecContext(ctx, `insert into meta.runs (run_id, command, started_at, status, selection, vars)
		values (?, ?, ?, 'running', ?, ?)`, r.ID, r.Command, r.StartedAt.UTC(), r.Selection, r.Vars)
	return err
}

// Finish records the end of a run with its status (ok or error).
func Finish(ctx context.Context, db *sql.DB, id, status string, at time.Time) error {
	_, err := db.ExecContext(ctx, `update meta.runs set finished_at = ?, status = ? where run_id = ?`, at.UTC(), status, id)
	return err
}

// Built returns, per model, the fingerprint of its last successful build: the state that
// state:modified compares against. A warehouse without meta tables has no state.
func Built(ctx context.Context, db *sql.DB) (map[string]string, error) {
	if err := CheckMigrated(ctx, db); errors.Is(err, ErrNotMigrated) {
		return map[string]string{}, nil
	} else if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `select model, arg_max(fingerprint, started_at)
		from meta.model_runs where status = 'OK' group by model`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var model, fp string
		if err := rows.Scan(&model, &fp); err != nil {
			return nil, err
		}
		out[model] = fp
	}
	return out, rows.Err()
}
