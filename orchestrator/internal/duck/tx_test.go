package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func openTest(t *testing.T) *sql.DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "w.duckdb"), Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, stmt := range []string{
		"create table kept (id bigint, name varchar)",
		"create table other (x bigint)",
		"insert into kept values (1, 'old'), (2, 'old')",
		"insert into other values (7)",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func count(t *testing.T, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, query string) int {
	t.Helper()
	var n int
	if err := q.QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// rowsOf yields n new rows of kept.
func rowsOf(n int) func(yield func(...driver.Value) error) error {
	return func(yield func(...driver.Value) error) error {
		for i := range n {
			if err := yield(int64(100+i), "new"); err != nil {
				return err
			}
		}
		return nil
	}
}

// The appender on a connection with an open transaction is part of that transaction: a failure
// after thousands of appended rows (several flushed chunks) leaves every table as it was.
func TestTxRollsBackAppends(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	err := InTx(ctx, db, func(tx *Tx) error {
		for _, stmt := range []string{"delete from kept", "delete from other"} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		if err := tx.Append(ctx, "main", "kept", []string{"id", "name"}, rowsOf(10_000)); err != nil {
			return err
		}
		if n := count(t, tx, "select count(*) from kept"); n != 10_000 {
			t.Errorf("inside the transaction: %d rows, want 10000", n)
		}
		if n := count(t, db, "select count(*) from kept where name = 'old'"); n != 2 {
			t.Errorf("another connection sees %d old rows during the transaction, want 2", n)
		}
		return tx.Append(ctx, "main", "other", []string{"x"}, func(yield func(...driver.Value) error) error {
			for i := range 5000 {
				if i == 4000 {
					return errors.New("generator broke")
				}
				if err := yield(int64(i)); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err == nil || !strings.Contains(err.Error(), "generator broke") {
		t.Fatalf("InTx = %v, want the generator's error", err)
	}
	if n := count(t, db, "select count(*) from kept where name = 'old'"); n != 2 || count(t, db, "select count(*) from kept") != 2 {
		t.Errorf("kept has %d old rows after the rollback, want exactly the 2 old rows", n)
	}
	if n := count(t, db, "select count(*) from other where x = 7"); n != 1 || count(t, db, "select count(*) from other") != 1 {
		t.Errorf("other lost its row or kept new ones after the rollback")
	}
}

func TestTxCommitsAppends(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	err := InTx(ctx, db, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "delete from kept"); err != nil {
			return err
		}
		return tx.Append(ctx, "main", "kept", []string{"id", "name"}, rowsOf(3000))
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "select count(*) from kept where name = 'new'"); n != 3000 || count(t, db, "select count(*) from kept") != 3000 {
		t.Errorf("kept has %d new rows after the commit, want only the 3000 new rows", n)
	}
}

func TestTxAppendChecksColumns(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	err := InTx(ctx, db, func(tx *Tx) error {
		return tx.Append(ctx, "main", "kept", []string{"id"}, rowsOf(1))
	})
	if err == nil || !strings.Contains(err.Error(), "the table has columns [id name], the rows have [id]") {
		t.Errorf("Append with the wrong columns = %v, want both column lists", err)
	}
	err = InTx(ctx, db, func(tx *Tx) error {
		return tx.Append(ctx, "main", "missing", []string{"id"}, rowsOf(1))
	})
	if err == nil || !strings.Contains(err.Error(), "no table main.missing") {
		t.Errorf("Append to a missing table = %v, want no table", err)
	}
}
