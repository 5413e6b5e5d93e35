#!/bin/sh
# Stand-in for the official postgres image's start: a first start makes the cluster with
# POSTGRES_USER/POSTGRES_PASSWORD and the database POSTGRES_DB, then runs the command as postgres.
set -e
if [ "$1" = postgres ]; then
  mkdir -p "$PGDATA" /run/postgresql
  chown -R postgres:postgres "$PGDATA" /run/postgresql
  chmod 700 "$PGDATA"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    printf '%s' "$POSTGRES_PASSWORD" > /tmp/pw && chown postgres /tmp/pw
    runuser -u postgres -- initdb -U "$POSTGRES_USER" --pwfile=/tmp/pw --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm /tmp/pw
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
    runuser -u postgres -- pg_ctl -w -o "-c listen_addresses=''" start >/dev/null
    runuser -u postgres -- psql -q -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
    runuser -u postgres -- pg_ctl -w stop >/dev/null
  fi
  exec runuser -u postgres -- "$@"
fi
exec "$@"
