# Switchboard: the two commands first (see README.md).
.PHONY: up down test build autobahn fuzz bench format lint clean

up:        ## install what is missing, start Redis, PostgreSQL and the four services
	@scripts/up.sh

down:      ## stop everything `make up` started
	@scripts/down.sh

test:      ## unit + integration tests (real Redis/PostgreSQL), Autobahn, fuzz smoke
	@scripts/test.sh

build:
	swift build

autobahn:  ## WebSocket conformance: Autobahn|Testsuite cases 1-10 against the echo endpoint
	@scripts/autobahn.sh

fuzz:      ## fuzz the HTTP parser and the WebSocket decoder (FUZZ_SECONDS each, default 60)
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-60} scripts/fuzz.sh

bench:     ## benchmarks of bench/, side by side with the peer stacks
	@bench/run.sh

format:
	swift format --in-place --recursive Package.swift Services Shared Tests

lint:
	swift format lint --recursive Package.swift Services Shared Tests

clean:
	rm -rf .build .build-*
