#!/bin/sh
# A throwaway PostgreSQL server for tests and trials: Debian's `postgresql` package, a data
# directory under /tmp, loopback TCP only, the unix socket inside the data directory.
# Used by `make postgres` / `make postgres-stop` and by the pytest fixture (tests/conftest.py),
# so both start the very same server.
#   scripts/pg.sh start   install if missing, initdb once, start; prints the server URL
#   scripts/pg.sh stop    stop the server and delete its data directory
#   scripts/pg.sh url     print the URL (non-zero exit status when the server is not running)
set -eu
PORT=${SITREP_PG_PORT:-55432}
DIR=${SITREP_PG_DIR:-/tmp/sitrep-pg-$PORT}
USER_NAME=sitrep
URL="postgresql://$USER_NAME@127.0.0.1:$PORT/postgres"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
# initdb and postgres refuse to run as root: as root, run them as Debian's `postgres` user.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
running() { [ -n "$(bindir)" ] && "$(bindir)/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

case "${1:-start}" in
start)
  if [ -z "$(bindir)" ]; then
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  BIN=$(bindir)
  if ! running; then
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      # C collation: text sorts by code point, exactly as SQLite does, so both backends export alike.
      as_owner "$BIN/initdb" -D "$DIR/data" -U "$USER_NAME" -A trust -E UTF8 --locale=C >"$DIR/initdb.log"
    fi
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=100" start >/dev/null
  fi
  echo "$URL"
  ;;
stop)
  if [ -f "$DIR/data/PG_VERSION" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$DIR"
  ;;
url)
  running && echo "$URL"
  ;;
*) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
