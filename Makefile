# wv: see README.md. `make run` is the offline demo end to end; `make test` the whole suite.
GO            ?= go
GO_TEST_FLAGS ?= -count=1 -timeout=20m
WV            := out/bin/wv
# The demo's clock: make run is reproducible (same chain, same marts) until you change it.
AS_OF         ?= 2026-11-30T00:00:00Z
WALLETS       ?= 3000
# Packages that must build and test without cgo (no DuckDB): the architecture guard.
PURE_PKGS     := ./orchestrator/internal/vars/... ./orchestrator/internal/spell/... \
                 ./orchestrator/internal/project/... ./orchestrator/internal/dag/... \
                 ./orchestrator/internal/compile/... ./orchestrator/internal/plan/... \
                 ./orchestrator/internal/seed/... ./orchestrator/internal/table/... \
                 ./orchestrator/internal/atomicfile/... ./orchestrator/internal/demo/... \
                 ./orchestrator/internal/stacks/... ./orchestrator/internal/progress/... \
                 ./orchestrator/internal/ops/... ./orchestrator/internal/report/... \
                 ./orchestrator/internal/ingest/... ./orchestrator/internal/filelock/...

.PHONY: build run test test-pure lint golden bench bench-ab ci clean

build:
	$(GO) build -o $(WV) ./orchestrator/cmd/wv

# The offline pipeline: migrate, demo chain, seed, run every model, test, render the pages.
# No keys, no network.
run: build
	$(WV) migrate
	$(WV) demo --wallets $(WALLETS) --as-of $(AS_OF)
	$(WV) seed
	$(WV) run --vars as_of=$(AS_OF)
	$(WV) test --vars as_of=$(AS_OF)
	$(WV) report
	@echo "warehouse: $(CURDIR)/out/warehouse.duckdb (as_of $(AS_OF))"
	@echo "pages:     $(CURDIR)/out/public/index.html"
	@echo "try: $(WV) sql 'select * from marts.value_kpis'"

test:
	$(GO) test $(GO_TEST_FLAGS) ./...

test-pure:
	CGO_ENABLED=0 $(GO) test $(GO_TEST_FLAGS) $(PURE_PKGS)

lint:
	@out=$$(gofmt -l orchestrator); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

# Rewrite golden files (compiled SQL, script outputs) after a deliberate change; CI never does.
golden:
	$(GO) test ./orchestrator/internal/compile/... ./orchestrator/internal/cli/... -update

# Benchmarks (minutes: it builds demo chains of 2 and 20 million txs under out/bench, reused on
# later runs; SIZES=2m for the small one only). Each chain gets REPEAT full runs alternating with
# as many direct-SQL runs; medians are reported. Results: out/bench/results.{json,md}.
SIZES  ?= 2m,20m
REPEAT ?= 3
bench: build
	$(GO) run ./orchestrator/cmd/wvbench -sizes $(SIZES) -repeat $(REPEAT)
	@echo "ingest pacing against a fake enforcing 500 requests/minute (70 s):"
	CGO_ENABLED=0 $(GO) test -run '^$$' -bench 500RPM -benchtime 1x ./orchestrator/internal/ingest/

# A/B: full runs of a git revision's wv and models (BASELINE, e.g. HEAD~1 or a commit) against
# the working tree's, alternating on one warehouse, REPEAT of each. Results: out/bench/ab-<size>.{json,md}.
bench-ab: build
	@test -n "$(BASELINE)" || { echo "make bench-ab: set BASELINE=<git revision>"; exit 2; }
	$(GO) run ./orchestrator/cmd/wvbench -baseline $(BASELINE) -sizes $(SIZES) -repeat $(REPEAT)

ci: lint test-pure test run

clean:
	rm -rf out/
