// Package migrate applies the goose migrations in sql/ to a DuckDB warehouse. Goose has no
// DuckDB dialect, so this package supplies one as a dialect.Querier.
package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/database/dialect"
)

// VersionTable records applied migrations.
const VersionTable = "meta.goose_db_version"

// New returns a goose provider over the migrations in fsys (the project's sql/ folder).
func New(db *sql.DB, fsys fs.FS) (*goose.Provider, error) {
	store, err := database.NewStoreFromQuerier(VersionTable, querier{})
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectCustom, db, fsys, goose.WithStore(store))
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	return p, nil
}

// Up applies every pending migration.
func Up(ctx context.Context, db *sql.DB, fsys fs.FS) ([]*goose.MigrationResult, error) {
	p, err := New(db, fsys)
	if err != nil {
		return nil, err
	}
	return p.Up(ctx)
}

// querier is goose's dialect for DuckDB: a sequence stands in for SERIAL, since goose inserts
// without an id and lists migrations by id.
type querier struct{}

var _ dialect.QuerierExtender = querier{}

func (querier) CreateTable(t string) string {
	return fmt.Sprintf(`create schema if not exists meta;
create sequence if not exists %[1]s_id_seq start 1;
create table %[1]s (
  id bigint primary key default nextval('%[1]s_id_seq'),
  version_id bigint not null,
  is_applied boolean not null,
  tstamp timestamp not null default current_timestamp
)`, t)
}

func (querier) InsertVersion(t string) string {
	return fmt.Sprintf(`insert into %s (version_id, is_applied) values (?, ?)`, t)
}

func (querier) DeleteVersion(t string) string {
	return fmt.Sprintf(`delete from %s where version_id = ?`, t)
}

func (querier) GetMigrationByVersion(t string) string {
	return fmt.Sprintf(`select tstamp, is_applied from %s where version_id = ? order by tstamp desc limit 1`, t)
}

func (querier) ListMigrations(t string) string {
	return fmt.Sprintf(`select version_id, is_applied from %s order by id desc`, t)
}

func (querier) GetLatestVersion(t string) string {
	return fmt.Sprintf(`select max(version_id) from %s`, t)
}

func (querier) TableExists(t string) string {
	schema, table, _ := strings.Cut(t, ".")
	return fmt.Sprintf(`select count(*) > 0 from duckdb_tables() where schema_name = '%s' and table_name = '%s'`, schema, table)
}
