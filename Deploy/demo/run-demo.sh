#!/usr/bin/env bash
# make demo: starts dic-licensing, dic-telecom, dic-dx and dic-aggregator on loopback with embedded
# SQLite in a fresh data directory, loads the Bắc Kạn Q1/2023 demo data through their public APIs
# with dicctl (as officers would), writes the Q1/2023 report into the output directory in every
# format (DOCX, as the department files it, then HTML, Markdown, JSON and CSV), prints the paths
# and stops everything. Safe to run again: each run starts from nothing.
#   Deploy/demo/run-demo.sh BIN_DIR [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$1
out=${2:-out}
demo=Deploy/demo
data=$out/demo-data
rm -rf "$data"
mkdir -p "$data"

# One token, the bootstrap admin of each service, used by dicctl to load the data.
token="demo-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export DIC_TOKEN=$token
# The aggregator is the deployment's identity issuer (docs/security.md); the others accept what it
# signs. It calls them as the identity "dic-aggregator", which it signs itself.
openssl genpkey -algorithm ed25519 -out "$data/identity.key" 2>/dev/null
openssl pkey -in "$data/identity.key" -pubout -out "$data/identity-keys.pem"
chmod 600 "$data/identity.key"
pids=()
names=()

stop_all() {
    local status=0
    for index in "${!pids[@]}"; do kill -TERM "${pids[$index]}" 2>/dev/null || true; done
    for index in "${!pids[@]}"; do
        if ! wait "${pids[$index]}"; then
            echo "demo: ${names[$index]} did not stop cleanly (log: $data/${names[$index]}.log)" >&2
            status=1
        fi
    done
    pids=()
    return $status
}
trap 'stop_all || true' EXIT

# start NAME EXECUTABLE [VAR=VALUE...]: starts a service on a free port; sets $address.
start() {
    local name=$1 executable=$2
    shift 2
    # The background job opens its redirections only once it runs: create the files first so the
    # wait loop below never reads a file that is not there yet.
    : >"$data/$name.out"
    : >"$data/$name.log"
    env DIC_DATA_DIR="$data/$name" DIC_LISTEN=127.0.0.1:0 DIC_METRICS_LISTEN=off DIC_ADMIN_TOKEN="$token" DIC_UNITS=demo \
        DIC_LOG_FORMAT=text "$@" "$bin/$executable" >"$data/$name.out" 2>"$data/$name.log" &
    pids+=($!)
    names+=("$name")
    local pid=$!
    for _ in $(seq 1 300); do
        address=$(sed -n 's/^listening on //p' "$data/$name.out" | head -1 || true)
        if [ -n "$address" ]; then
            echo "demo: $executable listening on $address"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "demo: $executable did not start:" >&2
            cat "$data/$name.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "demo: $executable did not start within 30 s (log: $data/$name.log)" >&2
    exit 1
}

start licensing dic-licensing DIC_IDENTITY_KEYS="$data/identity-keys.pem"
licensing=$address
start telecom dic-telecom DIC_IDENTITY_KEYS="$data/identity-keys.pem"
telecom=$address
start dx dic-dx DIC_IDENTITY_KEYS="$data/identity-keys.pem"
dx=$address
start aggregator dic-aggregator DIC_LICENSING_ADDRESS="$licensing" DIC_TELECOM_ADDRESS="$telecom" \
    DIC_DX_ADDRESS="$dx" DIC_IDENTITY_SIGNING_KEY="$data/identity.key"
aggregator=$address
start console dic-console DIC_LICENSING_ADDRESS="$licensing" DIC_TELECOM_ADDRESS="$telecom" DIC_DX_ADDRESS="$dx" \
    DIC_AGGREGATOR_ADDRESS="$aggregator" DIC_IDENTITY_ISSUER_ADDRESS="$aggregator"
console=$address

# Roles, granted by each service for itself: the aggregator reads the three registers; the demo
# officer, one personal token from the issuer, may do everything everywhere.
for pair in licensing:"$licensing" telecom:"$telecom" dx:"$dx"; do
    "$bin/dicctl" roles grant dic-aggregator "${pair%%:*}.reader" --address "${pair#*:}" >/dev/null
done
officer=$("$bin/dicctl" tokens create --principal demo.officer --description "make demo" --output json \
    --address "$aggregator" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
for pair in licensing:"$licensing" telecom:"$telecom" dx:"$dx" aggregator:"$aggregator"; do
    "$bin/dicctl" roles grant demo.officer "${pair%%:*}.admin" --address "${pair#*:}" >/dev/null
done

"$demo/load-demo.sh" "$bin/dicctl" "$demo" "$licensing" "$telecom" "$dx" "$aggregator"

echo "demo: generating the Q1/2023 report"
"$bin/dicctl" report quarterly --year 2023 --quarter 1 --format html --format markdown --format json --format csv --format docx \
    --out "$out" --address "$aggregator"

echo
echo "The Q1/2023 report:"
for suffix in docx html md json csv; do echo "  $out/bao-cao-quy-1-2023.$suffix"; done

# In a terminal the demo stays up for the console until Ctrl-C; run by a script it stops here.
# DIC_DEMO_STAY=1 keeps it up anyway, 0 stops it anyway.
stay=${DIC_DEMO_STAY:-}
if [ -z "$stay" ]; then if [ -t 0 ]; then stay=1; else stay=0; fi; fi
echo
echo "The console: http://$console/  (sign in with the demo officer's personal token: $officer)"
if [ "$stay" = 1 ]; then
    echo "Press Ctrl-C to stop the services and the console."
    trap 'stop_all; exit 0' INT TERM
    while true; do sleep 3600 & wait $!; done
fi
echo "(Stopped with the demo: run \`make demo\` in a terminal, or DIC_DEMO_STAY=1, to keep it up.)"
stop_all
trap - EXIT
