package duck

import (
	"context"
	"database/sql/driver"
	"testing"
)

// Upsert replaces rows by key, adds new ones, and rolls back with the transaction.
func TestUpsertReplacesByKey(t *testing.T) {
	ctx := context.Background()
	db, err := Open("", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`create schema raw; create table raw.p (sym varchar, ts bigint, price double);
		insert into raw.p values ('a', 1, 1.0), ('a', 2, 2.0), ('b', 1, 3.0)`); err != nil {
		t.Fatal(err)
	}
	rows := func(vals ...[]driver.Value) func(func(...driver.Value) error) error {
		return func(yield func(...driver.Value) error) error {
			for _, v := range vals {
				if err := yield(v...); err != nil {
					return err
				}
			}
			return nil
		}
	}
	cols := []string{"sym", "ts", "price"}
	err = InTx(ctx, db, func(tx *Tx) error {
		return tx.Upsert(ctx, "raw", "p", []string{"sym", "ts"}, cols, rows([]driver.Value{"a", int64(2), 20.0}, []driver.Value{"c", int64(1), 5.0}))
	})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := db.QueryRow(`select string_agg(sym || ts || '=' || price, ' ' order by sym, ts) from raw.p`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "a1=1.0 a2=20.0 b1=3.0 c1=5.0"; got != want {
		t.Errorf("after the upsert: %s; want %s", got, want)
	}
	err = InTx(ctx, db, func(tx *Tx) error {
		if err := tx.Upsert(ctx, "raw", "p", []string{"sym", "ts"}, cols, rows([]driver.Value{"a", int64(1), 9.0})); err != nil {
			return err
		}
		return context.Canceled
	})
	if err != context.Canceled {
		t.Fatal(err)
	}
	db.QueryRow(`select string_agg(sym || ts || '=' || price, ' ' order by sym, ts) from raw.p`).Scan(&got)
	if want := "a1=1.0 a2=20.0 b1=3.0 c1=5.0"; got != want {
		t.Errorf("after a rolled-back upsert: %s; want %s", got, want)
	}
}
