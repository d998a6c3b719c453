#!/bin/sh
# Container entrypoint of PIN's Dovecot (deploy/dovecot/Dockerfile): renders the same templates as
# libs/testing/src/dovecot-server.ts from the environment, then runs the master in the foreground.
#   DOVECOT_PG_CONNECT  pgsql connect string of the mail server's database (pin_mail): a role reading it, allowed UPDATE (last_used_at) ON app_password
#   DOVEADM_API_KEY     key of the doveadm HTTP API (shared with the mailbox service)
#   VMAIL_UID           owner of the maildirs (the mailbox service's UID, so it can remove a deleted one)
set -eu
: "${DOVECOT_PG_CONNECT:?DOVECOT_PG_CONNECT is required}" "${DOVEADM_API_KEY:?DOVEADM_API_KEY is required}"
ROOT=${DOVECOT_ROOT:-/run/pin-dovecot}
VMAIL=${VMAIL_DIR:-/var/vmail}
VMAIL_UID=${VMAIL_UID:-1000}
mkdir -p "$ROOT/conf" "$ROOT/run" "$ROOT/state" "$ROOT/log" "$VMAIL"
chown "$VMAIL_UID:$VMAIL_UID" "$VMAIL"
esc() { printf '%s' "$1" | sed -e 's/[&#\\]/\\&/g'; }
for f in dovecot.conf dovecot-sql.conf.ext dovecot-sql-app.conf.ext quota-warning.sh; do
  sed -e "s#@ROOT@#$ROOT#g" -e "s#@VMAIL@#$VMAIL#g" -e "s#@VMAIL_UID@#$VMAIL_UID#g" -e "s#@INSTANCE@#container#g" \
      -e "s#@LISTEN@#*#g" -e "s#@IMAP_PORT@#143#g" -e "s#@LMTP_PORT@#24#g" -e "s#@DOVEADM_PORT@#8080#g" \
      -e "s#@DOVEADM_API_KEY@#$(esc "$DOVEADM_API_KEY")#g" -e "s#@PG_CONNECT@#$(esc "$DOVECOT_PG_CONNECT")#g" -e "s#@TEST_ONLY_AUTH@##g" \
      "/etc/pin-dovecot/$f" > "$ROOT/conf/$f"
done
chmod 0640 "$ROOT"/conf/*.ext
chmod 0755 "$ROOT/conf/quota-warning.sh"
# logs to stderr (the container's log) rather than a file
sed -i "s#^log_path .*#log_path = /dev/stderr#" "$ROOT/conf/dovecot.conf"
exec /usr/sbin/dovecot -F -c "$ROOT/conf/dovecot.conf"
