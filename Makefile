# Targets used by developers and CI. `make test` is the test command named
# in README.md and run by .ci/run.

GO        ?= go
PKGS      ?= ./...
FUZZTIME  ?= 30s
STATICCHECK_VERSION ?= v0.8.2

.PHONY: build test bench fuzz lint load catalog jose

build:
	$(GO) build -o bin/iamgate ./cmd/iamgate

test:
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout 20m $(PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./evaluator/ ./issuer/... ./policy/...

# Each fuzz target runs for FUZZTIME. Go runs one fuzz target per invocation.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./policy/
	$(GO) test -run '^$$' -fuzz '^FuzzEvaluate$$' -fuzztime $(FUZZTIME) ./evaluator/

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet $(PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(PKGS)
