# The one test command (README.md and .ci/run use it). The PostgreSQL half of
# the store suite runs when PRESSROOM_TEST_POSTGRES is set, and the browser
# tests when Debian's chromium is installed; under CI=true both are required.
GO ?= go

.PHONY: test build run vet bench

test: vet
	$(GO) test -count=1 -timeout 20m ./...

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet ./...

build:
	$(GO) build -o bin/pressroom ./cmd/pressroom

run:
	$(GO) run ./cmd/pressroom serve --demo

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./bench/...
