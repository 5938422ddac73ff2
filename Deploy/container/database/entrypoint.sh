#!/bin/sh
# PostgreSQL 15 for the compose profile "postgres" (one machine; a department with a database
# team uses theirs): a cluster made on the first start, with one role `dic` whose password is the
# secret database-password, one database per name in DIC_DATABASES, TLS with the secrets
# database-cert and database-key, and password (SCRAM) sign-in over TLS only.
set -eu
data=/var/lib/postgresql/data
if [ ! -s "$data/PG_VERSION" ]; then
    /usr/lib/postgresql/15/bin/initdb -D "$data" -U dic --pwfile=/run/secrets/database-password \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    echo "hostssl all dic 0.0.0.0/0 scram-sha-256" >>"$data/pg_hba.conf"
    echo "hostssl all dic ::/0 scram-sha-256" >>"$data/pg_hba.conf"
    for name in ${DIC_DATABASES:-}; do
        echo "CREATE DATABASE $name" | /usr/lib/postgresql/15/bin/postgres --single -D "$data" -c unix_socket_directories= postgres >/dev/null
    done
fi
# PostgreSQL refuses a key others can read; the secret is mounted as the runtime chose.
install -m 0600 /run/secrets/database-key "$data/server.key"
exec /usr/lib/postgresql/15/bin/postgres -D "$data" -c listen_addresses='*' -c unix_socket_directories= \
    -c ssl=on -c ssl_cert_file=/run/secrets/database-cert -c ssl_key_file="$data/server.key"
