# wv: see README.md. `make run` is the offline demo end to end; `make test` the whole suite.
GO            ?= go
GO_TEST_FLAGS ?= -count=1 -timeout=20m
WV            := out/bin/wv
# Packages that must build and test without cgo (no DuckDB): the architecture guard.
PURE_PKGS     := ./orchestrator/internal/vars/... ./orchestrator/internal/spell/... \
                 ./orchestrator/internal/project/... ./orchestrator/internal/dag/... \
                 ./orchestrator/internal/compile/... ./orchestrator/internal/plan/... \
                 ./orchestrator/internal/seed/... ./orchestrator/internal/table/... \
                 ./orchestrator/internal/atomicfile/... ./orchestrator/internal/demo/... \
                 ./orchestrator/internal/stacks/...

.PHONY: build run test test-pure lint golden bench ci clean

build:
	$(GO) build -o $(WV) ./orchestrator/cmd/wv

# The offline pipeline: migrate, seed, run every model. Prints where the warehouse is.
run: build
	$(WV) migrate
	$(WV) seed
	$(WV) run
	@echo "warehouse: $(CURDIR)/out/warehouse.duckdb  (try: $(WV) sql 'select * from meta.model_runs')"

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./orchestrator/internal/...

ci: lint test-pure test run

clean:
	rm -rf out/
