# Switchboard: the two commands first (see README.md).
.PHONY: up down test build autobahn fuzz bench chaos format lint docs docs-check compose-check clean

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

chaos:     ## ~5 min of web and Telegram traffic while each service is killed and Redis and PostgreSQL restart; counts what was lost (CHAOS_SECONDS)
	@python3 bench/chaos.py --seconds $${CHAOS_SECONDS:-300}

# Not part of `make test`: minutes, and it runs a container engine (podman) as root.
compose-check: ## docker-compose.yml for real on podman: build the images, up, --scale, down -v; k8s schemas
	@scripts/compose-check.sh

format:
	swift format --in-place --recursive Package.swift Services Shared Tests

# swift format's warnings are shown but do not fail (yet: about 160 on the existing code, most
# of them long lines); the dependency check and the docs drift check do.
lint:      ## swift format (informative), Package.swift dependencies vs imports, nothing outside the repo, docs drift
	@out=$$(swift format lint --recursive Package.swift Services Shared Tests 2>&1) \
		|| { printf '%s\n' "$$out"; echo "swift format lint could not run"; exit 1; }; \
		[ -z "$$out" ] || printf '%s\n' "$$out"; \
		echo "swift format: $$(printf '%s\n' "$$out" | grep -c 'warning:') warning(s), shown but not failing"
	@python3 scripts/check-imports.py
	@scripts/check-self-contained.sh
	@scripts/check-docs.sh

docs:      ## regenerate docs/settings.md and docs/openapi.json from the executables
	@scripts/gen-docs.sh

docs-check: ## fail when docs/settings.md or docs/openapi.json differ from what the executables print
	@scripts/check-docs.sh

clean:
	rm -rf .build .build-*
