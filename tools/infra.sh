#!/usr/bin/env bash
# Prepares the local infrastructure PIN needs, idempotently: PostgreSQL 15 (+ PostGIS), Redis 7,
# nats-server with JetStream, Chromium for browser tests, and one database per service.
# It starts what is down with the Debian commands of this machine kind and says what it did.
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DATABASES=(pin_directory pin_mandates pin_training pin_operators pin_labelling pin_safe)
DATABASES+=(pin_mailbox pin_mail)
APT_PACKAGES=(postgresql-15-postgis-3 chromium)
# the mailbox service's mail server: the project starts its own instance (tools/dovecot.sh), never the system one
APT_PACKAGES+=(dovecot-imapd dovecot-lmtpd dovecot-pgsql)

say() { printf '[infra] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  say "ERROR: port $1 still closed after 30 s"; return 1
}

# 1. Debian packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present: ${APT_PACKAGES[*]}"
fi
# The dovecot packages start the system instance: stop and disable it (PIN runs its own on loopback).
if [ -f /run/dovecot/master.pid ] && [ "$(cat "/proc/$(cat /run/dovecot/master.pid)/comm" 2>/dev/null)" = dovecot ]; then
  say "stopping the system dovecot (PIN starts its own: tools/dovecot.sh)"
  as_root kill "$(cat /run/dovecot/master.pid)" || true
fi
if command -v update-rc.d >/dev/null && [ -e /etc/init.d/dovecot ]; then as_root update-rc.d dovecot disable >/dev/null 2>&1 || true; fi
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then as_root systemctl disable --now dovecot >/dev/null 2>&1 || true; fi

# 2. PostgreSQL
if pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  say "PostgreSQL up on $PGHOST:$PGPORT"
else
  say "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 60); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 0.5; done
  pg_isready -h "$PGHOST" -p "$PGPORT"
fi

# 3. Redis
if port_open 6379; then
  say "Redis up on 127.0.0.1:6379"
else
  say "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port 6379
fi

# 4. NATS with JetStream
if port_open 4222; then
  say "nats-server up on 127.0.0.1:4222"
else
  say "starting nats-server with JetStream"
  as_root mkdir -p /var/lib/nats-server
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_port 4222
fi

# 5. Databases (one per service) and the PostGIS extension for the directory
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$@"; }
for db in "${DATABASES[@]}" ${EXTRA_DATABASES:-}; do
  if psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    say "database $db exists"
  else
    psql_admin -d postgres -c "CREATE DATABASE \"$db\""
    say "database $db created"
  fi
done
psql_admin -d pin_directory -c 'CREATE EXTENSION IF NOT EXISTS postgis' 2>&1 | grep -v 'already exists' || true
say "ready"
