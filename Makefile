# certs-tui build, test and tooling targets. `make help` lists them.

GO            ?= go
BIN           := bin/certs-tui
VERSION       ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS       := -X main.version=$(VERSION)
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FREEZE        := github.com/charmbracelet/freeze@v0.2.2
GOBIN         ?= $(shell $(GO) env GOPATH)/bin

.DEFAULT_GOAL := help
.PHONY: help build run serve test lint bench golden smoke screenshots clean

help: ## List the targets with what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Build the binary into bin/
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/certs-tui

run: build ## Open the console on the embedded local server
	./$(BIN)

serve: build ## Run the local-mode server in the foreground on 127.0.0.1:9010
	./$(BIN) serve

test: ## Run every test with the race detector
	$(GO) test -race -count=1 -timeout 12m ./...

lint: ## Run go vet, gofmt and staticcheck (installed by this target)
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed on:"; gofmt -l .; exit 1; }
	$(GO) install $(STATICCHECK)
	$(GOBIN)/staticcheck ./...

bench: ## Run the benchmarks and print their figures
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 30m ./...

golden: ## Rewrite the golden files of the console screens
	$(GO) test ./ui/... -run Golden -update

smoke: build ## Drive the built binary in tmux (needs tmux)
	CERTS_TUI_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -run Smoke ./cmd/certs-tui/

screenshots: build ## Render PNG screenshots of the real console into screenshots/
	$(GO) install $(FREEZE)
	PATH="$(GOBIN):$$PATH" ./scripts/screenshots.sh $(BIN)

clean: ## Remove build output
	rm -rf bin
