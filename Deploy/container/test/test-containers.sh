#!/usr/bin/env bash
# make test-containers: the images and the compose file, run for real with podman.
#  1. a Debian 12 base image from debootstrap, imported into podman (no registry is needed);
#  2. the runtime images around the binaries `make test` tested (the Containerfile's `prebuilt` target);
#  3. the compose stack up with generated secrets, waiting for each service's gRPC health;
#  4. the demo data loaded from a container on the internal network, the Q1/2023 report generated
#     through the aggregator's TLS port;
#  5. SIGTERM: every service drains and exits 0 within the grace period;
#  6. a restart: the data is still on the volumes;
#  7. image sizes, start-up time to SERVING and idle memory, printed at the end;
#  8. the console behind the edge's TLS: an officer's personal token from the issuer (the
#     aggregator) signs in over https, the cookie Secure, the register read through licensing;
#  9. the profile "postgres": PostgreSQL over verified TLS and two licensing replicas, one
#     writing and the other reading, the audit intact, a backup refused naming pg_dump, and a
#     database stop and start survived (NOT_SERVING, then SERVING, never exiting).
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
work=$root/.build-containers
export CONTAINERS_CONF=$root/Deploy/container/test/containers.conf
project=dictest
compose=(.venv/bin/podman-compose -p "$project" -f "$work/compose/compose.yaml")
services=(licensing telecom dx aggregator)
# Built and started with them; waited for and checked on their own (HTTP, not gRPC).
web=(console edge)
mkdir -p "$work"
log() { echo "test-containers: $*"; }
fail() { echo "test-containers: FAILED: $*" >&2; exit 1; }

# 1. The base image.
if ! podman image exists localhost/debian:bookworm-slim; then
    log "building the Debian 12 base image with debootstrap"
    rm -rf "$work/rootfs"
    debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log"
    # As Debian's slim images are: no package cache, lists, manuals or documentation.
    rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/* \
        "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/info/*
    tar -C "$work/rootfs" --numeric-owner -c . | podman import - localhost/debian:bookworm-slim >/dev/null
    rm -rf "$work/rootfs"
fi

# 2. The binaries `make test` tested (its optimised build: DIC_BUILD_FLAGS), the Swift runtime
# libraries they load, and the images around them. A second, statically linked release build only
# for the images cost CI ~20 minutes; the Containerfile's `runtime` target still links statically.
log "building the release binaries make test tested"
# The flags are the Makefile's TEST_BUILD_FLAGS, one definition: run this through make.
read -ra build <<<"${DIC_BUILD_FLAGS:?set by make test-containers (TEST_BUILD_FLAGS)}"
executables=(dic-licensing dic-telecom dic-dx dic-aggregator dic-console dicctl)
for product in "${executables[@]}"; do
    swift build "${build[@]}" --product "$product" >/dev/null
done
bin=$(swift build "${build[@]}" --show-bin-path)
rm -rf "$work/context"
mkdir -p "$work/context/bin/swift-runtime"
for executable in "${executables[@]}"; do
    # Without the debug information: a quarter of the size.
    strip --strip-unneeded -o "$work/context/bin/$executable" "$bin/$executable"
done
# The toolchain's runtime libraries the executables load (one layer, shared by every image).
runtime=$(dirname "$(readlink -f "$(command -v swift)")")/../lib/swift/linux
runtime=$(readlink -f "$runtime")
for executable in "${executables[@]}"; do ldd "$bin/$executable"; done |
    awk -v dir="$runtime/" 'index($3, dir) == 1 { print $3 }' | sort -u |
    while read -r library; do cp -L "$library" "$work/context/bin/swift-runtime/"; done
[ -e "$work/context/bin/swift-runtime/libswiftCore.so" ] || fail "no Swift runtime found in $runtime for $bin"
for service in "${services[@]}" console; do
    log "building localhost/dic-$service"
    podman build -q -f Deploy/container/Containerfile --target prebuilt \
        --build-arg RUNTIME_BASE=localhost/debian:bookworm-slim --build-arg SERVICE="$service" \
        --build-arg BINARIES=bin -t "localhost/dic-$service:latest" "$work/context" >/dev/null
done
log "building localhost/dic-database"
mkdir -p "$work/context/database"
cp Deploy/container/database/entrypoint.sh "$work/context/database/"
podman build -q -f Deploy/container/Containerfile --target database \
    --build-arg RUNTIME_BASE=localhost/debian:bookworm-slim --build-arg DATABASE_ENTRYPOINT=database/entrypoint.sh \
    -t localhost/dic-database:latest "$work/context" >/dev/null
log "building localhost/dic-edge"
mkdir -p "$work/context/edge"
cp Deploy/container/edge/nginx.conf "$work/context/edge/"
podman build -q -f Deploy/container/Containerfile --target edge \
    --build-arg RUNTIME_BASE=localhost/debian:bookworm-slim --build-arg EDGE_CONFIG=edge/nginx.conf \
    -t localhost/dic-edge:latest "$work/context" >/dev/null
podman image prune -f >/dev/null  # the images these replaced

# 3. The stack, with throwaway secrets (readable by the images' user, 10001).
rm -rf "$work/compose"
mkdir -p "$work/compose/secrets" "$work/out"
cp Deploy/container/compose.yaml "$work/compose/"
token="ctr-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
for service in licensing telecom dx; do
    printf '{"adminToken": "%s"}\n' "$token" >"$work/compose/secrets/$service.json"
done
printf '{"adminToken": "%s", "upstreamToken": "%s"}\n' "$token" "$token" >"$work/compose/secrets/aggregator.json"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=aggregator \
    -addext "subjectAltName=DNS:aggregator,DNS:localhost,IP:127.0.0.1" \
    -keyout "$work/compose/secrets/edge-key.pem" -out "$work/compose/secrets/edge-cert.pem" 2>/dev/null
cp "$work/compose/secrets/edge-cert.pem" "$work/compose/secrets/edge-ca.pem"
openssl genpkey -algorithm ed25519 -out "$work/compose/secrets/identity-key.pem" 2>/dev/null
openssl pkey -in "$work/compose/secrets/identity-key.pem" -pubout -out "$work/compose/secrets/identity-keys.pem"
head -c 32 /dev/urandom >"$work/compose/secrets/console-session.key"
# The profile "postgres": a CA, the database server's certificate for the name "database", the
# role's password and the licensing replicas' shared audit key.
secrets=$work/compose/secrets
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=dic-test-database-ca \
    -keyout "$secrets/database-ca-key.pem" -out "$secrets/database-ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=database \
    -keyout "$secrets/database-key.pem" -out "$secrets/database.csr" 2>/dev/null
openssl x509 -req -in "$secrets/database.csr" -CA "$secrets/database-ca.pem" -CAkey "$secrets/database-ca-key.pem" \
    -days 2 -extfile <(printf 'subjectAltName=DNS:database') -out "$secrets/database-cert.pem" 2>/dev/null
rm "$secrets/database-ca-key.pem" "$secrets/database.csr"
od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$secrets/database-password"
head -c 32 /dev/urandom >"$secrets/licensing-audit.key"
chmod 0644 "$work/compose/secrets"/*

cleanup() { "${compose[@]}" --profile postgres down -v >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup

# Waits until every service answers its gRPC health check (dicctl health inside the container);
# prints the seconds each took from `since`.
wait_healthy() {
    local since=$1 service
    for service in "${services[@]}"; do
        local container="${project}_${service}_1"
        for attempt in $(seq 1 300); do
            if podman healthcheck run "$container" >/dev/null 2>&1; then
                startup[$service]=$(($(date +%s%N) / 1000000 - since))
                break
            fi
            [ "$attempt" = 300 ] && { podman logs "$container" | tail -20 >&2; fail "$service never became healthy"; }
            sleep 0.1
        done
    done
}
declare -A startup
log "starting the stack"
began=$(($(date +%s%N) / 1000000))
"${compose[@]}" up -d >"$work/compose-up.log" 2>&1 || { cat "$work/compose-up.log" >&2; fail "compose up"; }
wait_healthy "$began"
declare -A first_start
for service in "${services[@]}"; do
    first_start[$service]=${startup[$service]}
    log "$service SERVING after ${startup[$service]} ms"
done

# 4. The demo data, through the APIs from inside the internal network, then the report through
# the aggregator's published TLS port.
log "loading the demo data from a container on the internal network"
podman run --rm --network "${project}_internal" -e DIC_TOKEN="$token" \
    -v "$root/Deploy/demo:/demo:ro" -v "$work/compose/secrets/edge-ca.pem:/edge-ca.pem:ro" \
    --entrypoint /bin/bash localhost/dic-licensing:latest \
    /demo/load-demo.sh /usr/local/bin/dicctl /demo licensing:50051 telecom:50051 dx:50051 aggregator:50051 /edge-ca.pem
log "generating the report through the aggregator (TLS, 127.0.0.1:50443)"
export DIC_TOKEN=$token
dicctl=$work/context/bin/dicctl
"$dicctl" report quarterly --year 2023 --quarter 1 --format json --format markdown --format docx --out "$work/out" \
    --address localhost:50443 --tls-ca "$work/compose/secrets/edge-ca.pem" >/dev/null
# The seed's figures at the plan's precision, in the department's five-column table.
grep -q '| 8 | Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình | % | 70 | 67 |$' \
    "$work/out/bao-cao-quy-1-2023.md" || fail "the report lacks the Q1/2023 figures"
grep -q '| 5 | .* | % | 10 | Chưa thực hiện do chờ Bộ TTTT cấp phép tần số |$' \
    "$work/out/bao-cao-quy-1-2023.md" || fail "the report lacks the 5G result as the plan states it"
.venv/bin/python -c 'import docx, sys; sys.exit(len(docx.Document(sys.argv[1]).tables) < 3)' \
    "$work/out/bao-cao-quy-1-2023.docx" || fail "the DOCX report does not open with its tables"
grep -q '| 3 | Tỷ lệ xã, phường, thị trấn có đài truyền thanh ứng dụng công nghệ thông tin và viễn thông | % | 100 | 94 |' \
    "$work/out/bao-cao-quy-1-2023.md" || fail "the report lacks the radio figures of the seed"
# (`report quarterly` also exits 3 when a service did not answer.)
.venv/bin/python -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["unavailable"] != [])' \
    "$work/out/bao-cao-quy-1-2023.json" || fail "the report is incomplete"

# 8. The console behind the edge: one personal token, created at the issuer, signs an officer in.
log "signing in to the console through the edge (https://localhost:8443)"
for attempt in $(seq 1 300); do
    podman healthcheck run "${project}_console_1" >/dev/null 2>&1 && break
    [ "$attempt" = 300 ] && { podman logs "${project}_console_1" | tail -20 >&2; fail "the console never became healthy"; }
    sleep 0.1
done
edge=(curl -sS --cacert "$work/compose/secrets/edge-ca.pem" --retry 20 --retry-connrefused --retry-delay 1)
officer=$("$dicctl" tokens create --principal ctr.officer --output json --address localhost:50443 \
    --tls-ca "$work/compose/secrets/edge-ca.pem" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[ -n "$officer" ] || fail "no personal token from the issuer"
# Licensing grants its own role; it is reached only on the internal network.
podman run --rm --network "${project}_internal" -e DIC_TOKEN="$token" --entrypoint /usr/local/bin/dicctl \
    localhost/dic-licensing:latest roles grant ctr.officer licensing.reader --address licensing:50051 >/dev/null
"${edge[@]}" -o "$work/sign-in.html" -w '%{http_code}' https://localhost:8443/dang-nhap | grep -q 200 \
    || fail "the sign-in page did not come through the edge"
grep -q 'Đăng nhập' "$work/sign-in.html" || fail "the sign-in page is not the console's"
"${edge[@]}" -D "$work/sign-in.headers" -o /dev/null -H "Origin: https://localhost:8443" \
    --data-urlencode "token=$officer" --data-urlencode "next=/giay-phep" https://localhost:8443/dang-nhap
grep -qi '^set-cookie: dic_session=.*; *secure' "$work/sign-in.headers" \
    || { cat "$work/sign-in.headers" >&2; fail "no Secure session cookie behind the edge"; }
grep -qi '^strict-transport-security' "$work/sign-in.headers" || fail "the edge sent no HSTS header"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(dic_session=[^;]*\).*/\1/p' "$work/sign-in.headers")
"${edge[@]}" -H "Cookie: $cookie" -o "$work/register.html" https://localhost:8443/giay-phep
grep -q 'ctr.officer' "$work/register.html" && grep -q '<tr><td><a href="/giay-phep/' "$work/register.html" \
    || fail "the officer did not read the licence register through the console"
log "an officer signed in over the edge's TLS with a token from the issuer and read the licence register"

# 7 (now, while idle): memory of each service. The cgroup's charged memory (what `podman stats`
# shows, and what a memory limit counts) includes page cache and so moves with the host's cache;
# the process's resident set, and the anonymous part of it that the service itself allocated, do not.
declare -A memory resident
for service in "${services[@]}"; do
    container="${project}_${service}_1"
    memory[$service]=$(podman stats --no-stream --format '{{.MemUsage}}' "$container" | cut -d/ -f1)
    pid=$(podman inspect --format '{{.State.Pid}}' "$container")
    resident[$service]=$(awk '/^VmRSS:/ { rss = $2 } /^RssAnon:/ { anon = $2 }
        END { printf "%.1f MB (%.1f MB anonymous)", rss / 1024, anon / 1024 }' "/proc/$pid/status")
done

# 5. SIGTERM: a clean drain within the grace period, exit status 0.
log "stopping with SIGTERM"
stop_began=$(date +%s)
"${compose[@]}" stop >/dev/null 2>&1
stopped_in=$(($(date +%s) - stop_began))
for service in "${services[@]}"; do
    container="${project}_${service}_1"
    code=$(podman inspect --format '{{.State.ExitCode}}' "$container")
    [ "$code" = 0 ] || { podman logs "$container" | tail -20 >&2; fail "$service exited $code after SIGTERM"; }
    podman logs "$container" 2>&1 | grep -q "stopped cleanly" || fail "$service did not report a clean stop"
done
log "all four drained and exited 0 in ${stopped_in} s"

# 6. A restart: what was written is still there.
log "restarting"
began=$(($(date +%s%N) / 1000000))
"${compose[@]}" start >/dev/null 2>&1
wait_healthy "$began"
for service in "${services[@]}"; do log "$service SERVING again after ${startup[$service]} ms"; done
"$dicctl" report list --output json --address localhost:50443 --tls-ca "$work/compose/secrets/edge-ca.pem" \
    | grep -q '"id" : "2023-Q1-1"' || fail "the stored report did not survive the restart"
"$dicctl" report quarterly --year 2023 --quarter 1 --format markdown --out "$work/out/again.md" \
    --address localhost:50443 --tls-ca "$work/compose/secrets/edge-ca.pem" >/dev/null
diff <(sed 's/lúc [0-9:]* ngày [0-9/]*//' "$work/out/bao-cao-quy-1-2023.md") \
    <(sed 's/lúc [0-9:]* ngày [0-9/]*//' "$work/out/again.md") >/dev/null \
    || fail "the services' data did not survive the restart (the report changed)"
log "the report and every service's data survived the restart"

# 9. The profile "postgres": licensing as two replicas in front of PostgreSQL over verified TLS.
log "starting the postgres profile: PostgreSQL and two licensing replicas"
"${compose[@]}" --profile postgres up -d database licensing-a licensing-b >"$work/compose-postgres.log" 2>&1 \
    || { cat "$work/compose-postgres.log" >&2; fail "compose up --profile postgres"; }
for container in database licensing-a licensing-b; do
    for attempt in $(seq 1 600); do
        podman healthcheck run "${project}_${container}_1" >/dev/null 2>&1 && break
        [ "$attempt" = 600 ] && { podman logs "${project}_${container}_1" | tail -20 >&2; fail "$container never became healthy"; }
        sleep 0.1
    done
done
inside=(podman run --rm --network "${project}_internal" -e DIC_TOKEN="$token" -v "$root/Deploy/demo:/demo:ro"
    --entrypoint /usr/local/bin/dicctl localhost/dic-licensing:latest)
"${inside[@]}" licensing import /demo/licensing-register-2023.csv --address licensing-a:50051 >/dev/null \
    || fail "the register did not import through replica a"
"${inside[@]}" licensing list --limit 1000 --output json --address licensing-a:50051 >"$work/register-a.json"
"${inside[@]}" licensing list --limit 1000 --output json --address licensing-b:50051 >"$work/register-b.json"
[ -s "$work/register-a.json" ] && grep -q '"number"' "$work/register-b.json" \
    && cmp -s "$work/register-a.json" "$work/register-b.json" \
    || fail "replica b does not read the register replica a wrote"
"${inside[@]}" audit verify --address licensing-b:50051 >"$work/audit-b.txt" || { cat "$work/audit-b.txt" >&2; fail "audit"; }
# A file backup is refused, naming the database's own tool.
if "${inside[@]}" backup create --address licensing-a:50051 >"$work/backup.txt" 2>&1; then
    fail "a backup of a PostgreSQL-backed service did not say to use pg_dump"
fi
grep -q pg_dump "$work/backup.txt" || { cat "$work/backup.txt" >&2; fail "the backup refusal does not name pg_dump"; }
# The database stops: the replicas report NOT_SERVING and stay up; it returns: they serve again.
podman stop -t 30 "${project}_database_1" >/dev/null
for attempt in $(seq 1 100); do
    "${inside[@]}" health --address licensing-a:50051 --timeout 3 >/dev/null 2>&1 || break
    [ "$attempt" = 100 ] && fail "replica a still SERVING with the database stopped"
    sleep 0.2
done
podman start "${project}_database_1" >/dev/null
for attempt in $(seq 1 150); do
    "${inside[@]}" health --address licensing-a:50051 --timeout 3 >/dev/null 2>&1 && break
    [ "$attempt" = 150 ] && fail "replica a did not serve again after the database returned"
    sleep 0.2
done
[ "$(podman inspect --format '{{.State.Running}}' "${project}_licensing-a_1")" = true ] \
    || fail "replica a exited during the database outage"
log "two licensing replicas on PostgreSQL: one wrote, the other read the same register; audit intact; outage survived"

echo
echo "| image | size | SERVING after compose up | idle: cgroup memory (page cache included) | idle: process resident set |"
echo "| --- | --- | --- | --- | --- |"
for service in "${services[@]}"; do
    size=$(podman image inspect --format '{{.Size}}' "localhost/dic-$service:latest")
    echo "| dic-$service | $((size / 1024 / 1024)) MiB | ${first_start[$service]} ms | ${memory[$service]} | ${resident[$service]} |"
done
for image in "${web[@]}"; do
    size=$(podman image inspect --format '{{.Size}}' "localhost/dic-$image:latest")
    echo "| dic-$image | $((size / 1024 / 1024)) MiB | | | |"
done
echo "test-containers: passed"
