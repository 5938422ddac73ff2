# DIC Platform: every command a developer, CI or an operator needs. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

APT_PACKAGES := libnghttp2-dev libssl-dev libsqlite3-dev zlib1g-dev pkg-config protobuf-compiler python3 python3-venv \
	nghttp2-client nghttp2-server chromium chromium-driver libreoffice-writer-nogui poppler-utils postgresql-15
VENV := .venv
PYTHON := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
SWIFT_BUILD_FLAGS ?=
BIN_DIR = $(shell swift build $(SWIFT_BUILD_FLAGS) --show-bin-path)
# Every release build: optimised, each function in a section of its own, laid out in the order the
# services first run them (Deploy/release/README.md).
RELEASE_FLAGS := $(shell Deploy/release/swift-build-flags)
# What the suite runs and test-containers puts in the images: one release build, with
# -enable-testing so the tests reach internals, in a build directory of its own (so that the
# benchmarks' release build and this one never rebuild each other).
TEST_BUILD_FLAGS ?= $(RELEASE_FLAGS) -Xswiftc -enable-testing --scratch-path .build-test
TEST_BIN_DIR = $(shell swift build $(TEST_BUILD_FLAGS) --show-bin-path)

.PHONY: help deps build test test-swift test-interop test-containers check-generated check-walls check-deploy generate lint \
	format demo \
	bench bench-codec bench-build bench-rpc bench-service bench-attack code-order fuzz fuzz-smoke fuzz-rpc clean

help:
	@echo "make demo   build, start the services, load the demo data, write the quarterly report to out/"
	@echo "make test   the whole suite (installs what is missing first)"
	@echo "Other targets: deps build generate lint check-walls format check-deploy test-containers bench bench-codec bench-build bench-rpc bench-service bench-attack code-order fuzz fuzz-rpc clean"

# install_missing PACKAGES: installs the Debian packages not yet installed when root, or prints
# the apt-get command and fails otherwise.
define install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "Installing:$$missing"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	    else \
	        echo "Missing Debian packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	    fi; \
	fi
endef

## deps: install what is missing; safe to run again.
deps: $(VENV_STAMP)
	$(call install_missing,$(APT_PACKAGES))

$(VENV_STAMP): Tests/Interop/requirements.txt
	@if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; fi
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/Interop/requirements.txt
	touch $@

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

## test: generated code is current, Swift tests, then interop against the reference implementations,
## all on the optimised test build (TEST_BUILD_FLAGS).
test: deps check-generated check-walls check-deploy test-swift test-interop fuzz-smoke

test-swift:
	swift build $(TEST_BUILD_FLAGS) --build-tests
	.ci/with-deadline 600 swift test $(TEST_BUILD_FLAGS) --skip-build
	# Again with every temporary database on PostgreSQL: each store, migration and service test
	# runs on both backends (ServiceTesting.withTemporaryDatabase reads DIC_TEST_BACKEND).
	DIC_TEST_BACKEND=postgres .ci/with-deadline 600 swift test $(TEST_BUILD_FLAGS) --skip-build

test-interop:
	swift build $(TEST_BUILD_FLAGS) --product ProtoConformanceRunner
	swift build $(TEST_BUILD_FLAGS) --product dic-units
	swift build $(TEST_BUILD_FLAGS) --product dic-licensing
	swift build $(TEST_BUILD_FLAGS) --product dic-telecom
	swift build $(TEST_BUILD_FLAGS) --product dic-dx
	swift build $(TEST_BUILD_FLAGS) --product dic-aggregator
	swift build $(TEST_BUILD_FLAGS) --product dicctl
	swift build $(TEST_BUILD_FLAGS) --product dic-console
	# The Echo server and client are the package's own (Benchmarks/Sources, built with the rest);
	# so are the benchmarks without a peer, which therefore cannot stop building unnoticed.
	swift build $(TEST_BUILD_FLAGS) --product echo-server
	swift build $(TEST_BUILD_FLAGS) --product echo-interop-client
	DIC_SWIFT_BIN="$(TEST_BIN_DIR)" DIC_ECHO_SERVER="$(TEST_BIN_DIR)/echo-server" $(PYTHON) -m pytest Tests/Interop Tests/Lint Tests/Tools -q

## check-deploy: compose.yaml against the Compose spec, the Kubernetes manifests against the API
## schemas (strict: an unknown field fails), the production and postgres overlays rendered by kustomize and
## validated the same way (where kubectl is installed), and the systemd units via systemd-analyze.
KUBERNETES_MANIFESTS = $(filter-out %/kustomization.yaml %/resources.yaml, \
	$(wildcard Deploy/kubernetes/base/*.yaml Deploy/kubernetes/overlays/*/*.yaml))
check-deploy: $(VENV_STAMP)
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec Deploy/container/compose.yaml
	$(VENV)/bin/kubernetes-validate --strict --quiet $(KUBERNETES_MANIFESTS)
	@if command -v kubectl >/dev/null; then .ci/check-overlays $(VENV)/bin/kubernetes-validate; \
	else echo "kubectl not installed: the overlays were not rendered"; fi
	@if command -v systemd-analyze >/dev/null; then \
	    for unit in Deploy/systemd/*.service; do \
	        problems=$$(systemd-analyze verify "$$unit" 2>&1 | grep -v 'is not executable' || true); \
	        if [ -n "$$problems" ]; then echo "$$unit: $$problems"; exit 1; fi; \
	    done; echo "systemd units verified"; \
	else echo "systemd-analyze not installed: systemd units not verified"; fi

## test-containers: the images around the binaries `make test` tested (its build, with the Swift runtime
## beside them) and the compose stack run with podman: health, the demo report through the
## aggregator, SIGTERM drain, data surviving a restart.
CONTAINER_PACKAGES := podman runc debootstrap openssl
test-containers: $(VENV_STAMP) check-deploy
	$(call install_missing,$(CONTAINER_PACKAGES))
	DIC_BUILD_FLAGS="$(TEST_BUILD_FLAGS)" Deploy/container/test/test-containers.sh

## fuzz-smoke: a short fuzzing run as part of the suite.
fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=15 2>&1 | awk '/^Done|ERROR|Fatal error|SUMMARY|artifact_prefix|Test unit written/'
	$(MAKE) --no-print-directory fuzz-rpc FUZZ_RPC_SECONDS=40
	$(MAKE) --no-print-directory fuzz-rpc FUZZ_RPC_SECONDS=30 FUZZ_RPC_POSTGRES=1

## generate: rebuild every committed *.pb.swift from Protos/ and the test protos.
generate:
	swift build $(SWIFT_BUILD_FLAGS) --product protoc-gen-dic
	Protos/generate.sh "$(BIN_DIR)/protoc-gen-dic"

## check-generated: fails when the committed generated code differs from what the generator makes now.
check-generated:
	swift build $(TEST_BUILD_FLAGS) --product protoc-gen-dic
	@scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	Protos/generate.sh "$(TEST_BIN_DIR)/protoc-gen-dic" "$$scratch"; \
	status=0; \
	for dir in $$(cd "$$scratch" && find . -type d -name Generated); do \
	    diff -r "$$scratch/$$dir" "$$dir" || status=1; \
	done; \
	if [ $$status != 0 ]; then echo "Generated code is stale: run 'make generate' and commit the result."; exit 1; fi; \
	echo "Generated code is current."

# Our own Swift sources; generated files opt out with `swift-format-ignore-file`, and the peer's
# generated code under Benchmarks/Sources/PeerMessages is not ours to format.
LINT_PATHS := Package.swift Shared Services Tests Benchmarks/Package.swift Benchmarks/Sources/CodecBench \
	Benchmarks/Sources/CodecBenchMessages Benchmarks/Sources/LicensingBench Benchmarks/Sources/CoverageBench \
	Benchmarks/Sources/RollUpBench Benchmarks/Sources/EchoServer Benchmarks/Sources/EchoInteropClient \
	Benchmarks/Sources/LicenceWriteLoad

lint: check-walls
	swift format lint --strict --recursive --parallel $(LINT_PATHS)

## check-walls: the architecture's dependency rules (docs/architecture.md) on the package and on every
## import; fails naming each forbidden edge.
check-walls:
	python3 Tests/Lint/check_walls.py

format:
	swift format --in-place --recursive --parallel $(LINT_PATHS)

## demo: the services and the aggregator on loopback, the demo data through their APIs, the report in out/.
demo: build
	Deploy/demo/run-demo.sh "$(BIN_DIR)" out

bench: bench-codec bench-rpc

bench-codec: deps
	$(MAKE) -C Benchmarks codec

## bench-build: release build of the echo-server (the Echo contract on our stack).
bench-build: deps
	$(MAKE) -C Benchmarks build

## bench-rpc: h2load against our echo-server, grpc-swift 2 and nghttpd, one after the other.
bench-rpc: deps
	$(MAKE) -C Benchmarks rpc

## bench-service: a real call (auth, logging, storage) beside Echo in one run: dic-licensing on SQLite
## and on PostgreSQL (one replica, then two); ends with `service path ratio vs echo: R`.
bench-service: deps
	$(MAKE) -C Benchmarks service

## bench-attack: an authenticated client tries to exhaust dic-licensing's memory at the default limits
## (999 connections x 100 streams of never-ending 4 MiB messages, then gzip bombs) while an officer
## makes small calls; prints peak RSS against its bound and fails if it passes it or a call fails.
## A release build, as shipped: a debug build is several times slower and starves the officer of CPU.
bench-attack: deps
	swift build $(RELEASE_FLAGS) --product dic-licensing
	$(PYTHON) Benchmarks/attack_memory.py --bin "$$(swift build $(RELEASE_FLAGS) --show-bin-path)/dic-licensing"

## code-order: which code the services run, in the order they first run it, traced (not sampled) under
## the benchmark's calls and the demo: Deploy/release/code-order.txt, the release builds' layout.
code-order: deps
	for product in dic-licensing dic-telecom dic-dx dic-aggregator dic-console dic-units dicctl licence-write-load; do \
	    swift build $(RELEASE_FLAGS) --product $$product; done
	$(PYTHON) Benchmarks/code_order.py --bin "$$(swift build $(RELEASE_FLAGS) --show-bin-path)" \
	    --out Deploy/release/code-order.txt
	# SwiftPM does not see the file as an input of the link: the executables go, so that the next
	# build links them in the new order.
	for dir in "$$(swift build $(RELEASE_FLAGS) --show-bin-path)" "$(TEST_BIN_DIR)"; do \
	    for product in dic-licensing dic-telecom dic-dx dic-aggregator dic-console dic-units dicctl echo-server; do \
	        rm -f "$$dir/$$product"; done; done

## fuzz: libFuzzer with ASan, FUZZ_SECONDS on each target: the protobuf decoder, the transport's header
## parsing and message framing, and the CSV reader (no crash, no hang, no leak, their properties hold).
FUZZ_SECONDS ?= 60
FUZZ_DIR := .build-fuzz
FUZZ_SWIFTC = swiftc -sanitize=fuzzer,address -parse-as-library -O -suppress-warnings -package-name dic
FUZZ_RUN = SWIFT_BACKTRACE=enable=no
FUZZ_FLAGS = -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
# One module per fuzzer: the header fuzzer's sources lose their imports of each other.
HEADER_FUZZ_SOURCES = $(wildcard Shared/Codec/ProtoWire/*.swift Shared/RPC/RPCCore/*.swift) \
	Shared/Transport/HTTP2Transport/GRPCHeaders.swift Shared/Transport/HTTP2Transport/GRPCMessageDeframer.swift
fuzz: deps
	mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/header-corpus $(FUZZ_DIR)/csv-corpus
	rm -rf $(FUZZ_DIR)/header-src && mkdir -p $(FUZZ_DIR)/header-src
	for f in $(HEADER_FUZZ_SOURCES); do sed '/^import \(ProtoWire\|RPCCore\)$$/d' $$f > $(FUZZ_DIR)/header-src/$$(basename $$f); done
	$(FUZZ_SWIFTC) -module-name ProtoWire \
	    Shared/Codec/ProtoWire/*.swift Tests/Shared/Codec/ConformanceMessages/Generated/*.swift Tests/Fuzz/DecodeFuzzer.swift \
	    -o $(FUZZ_DIR)/decode-fuzzer 2> >(grep -v "Cannot export local symbol" >&2)
	$(FUZZ_SWIFTC) -module-name HTTP2Transport $(FUZZ_DIR)/header-src/*.swift Tests/Fuzz/HeaderFuzzer.swift \
	    -o $(FUZZ_DIR)/header-fuzzer 2> >(grep -v "Cannot export local symbol" >&2)
	$(FUZZ_SWIFTC) -module-name CSV Shared/Kernel/CSV/*.swift Tests/Fuzz/CSVFuzzer.swift \
	    -o $(FUZZ_DIR)/csv-fuzzer 2> >(grep -v "Cannot export local symbol" >&2)
	swift build $(TEST_BUILD_FLAGS) --product ProtoConformanceRunner
	$(PYTHON) Tests/Fuzz/seed-corpus.py "$(TEST_BIN_DIR)/ProtoConformanceRunner" $(FUZZ_DIR)/seeds
	$(FUZZ_RUN) $(FUZZ_DIR)/decode-fuzzer $(FUZZ_FLAGS) -max_len=65536 $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds
	$(FUZZ_RUN) $(FUZZ_DIR)/header-fuzzer $(FUZZ_FLAGS) -max_len=16384 $(FUZZ_DIR)/header-corpus Tests/Fuzz/header-seeds
	$(FUZZ_RUN) $(FUZZ_DIR)/csv-fuzzer $(FUZZ_FLAGS) -max_len=16384 $(FUZZ_DIR)/csv-corpus Deploy/demo

## fuzz-rpc: every method of every service, found through reflection, with edge values, mutated and
## malformed messages and hostile headers, for FUZZ_RPC_SECONDS, on the demo data (loaded with dicctl
## first), with writes built from the records it holds and read back, and a sweep of every field of a
## stored write (numbers, texts, enums, lists) and every cell of an imported file's row at the values its
## readers trip on, each read back by the reads named like it and the quarter's report; health after
## each call. Findings (death, hang, slow, UNKNOWN/INTERNAL, an echoed token) fail
## it and are written to $(FUZZ_DIR)/rpc-findings (rpc-findings-postgres with FUZZ_RPC_POSTGRES=1).
FUZZ_RPC_SECONDS ?= 600
FUZZ_RPC_SEED ?=
# Set (FUZZ_RPC_POSTGRES=1): the services on a throwaway PostgreSQL 15 instead of SQLite.
FUZZ_RPC_POSTGRES ?=
RPC_FINDINGS = $(FUZZ_DIR)/rpc-findings$(if $(FUZZ_RPC_POSTGRES),-postgres)
fuzz-rpc: deps
	swift build $(TEST_BUILD_FLAGS) --product dic-licensing
	swift build $(TEST_BUILD_FLAGS) --product dic-telecom
	swift build $(TEST_BUILD_FLAGS) --product dic-dx
	swift build $(TEST_BUILD_FLAGS) --product dic-aggregator
	swift build $(TEST_BUILD_FLAGS) --product dicctl
	rm -rf $(RPC_FINDINGS)
	$(PYTHON) Tests/Fuzz/rpc_fuzzer.py --bin "$(TEST_BIN_DIR)" --seconds $(FUZZ_RPC_SECONDS) \
	    --findings $(RPC_FINDINGS) $(if $(FUZZ_RPC_SEED),--seed $(FUZZ_RPC_SEED)) $(if $(FUZZ_RPC_POSTGRES),--postgres)

clean:
	rm -rf .build .build-* out
