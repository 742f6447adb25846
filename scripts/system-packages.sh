#!/bin/sh
# The Debian packages the tests need, installed only when missing, all in one apt-get run.
# Why: `make test` on a fresh machine ran `apt-get update` three times (Chromium, Java, PostgreSQL,
# each its own target), and the index update is most of a small install; on a machine that has
# them all this does no apt work at all.
#   scripts/system-packages.sh [chromium] [java] [postgresql]   (default: all three)
set -eu
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=""
[ $# -gt 0 ] || set -- chromium java postgresql
for want in "$@"; do
  case "$want" in
  chromium) command -v chromium >/dev/null 2>&1 || missing="$missing chromium" ;;
  java) java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || missing="$missing openjdk-17-jre-headless" ;;
  postgresql) ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing="$missing postgresql" ;;
  *) echo "$0: unknown component $want (chromium, java or postgresql)" >&2; exit 2 ;;
  esac
done
[ -n "$missing" ] || exit 0
echo "installing Debian packages:$missing" >&2
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
