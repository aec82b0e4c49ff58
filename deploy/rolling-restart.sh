#!/usr/bin/env bash
# Restarts the app instances one at a time (a deploy: new code in /opt/kizuna/current, or a new environment).
# For each instance: nginx stops sending to it (its upstream line marked `down`, nginx reloaded, and the old
# workers left to finish), then SIGTERM drains it, it starts again, answers its health check, and nginx takes
# it back. An instance nginx still sent to could not close its port without resetting the connections queued
# on it, and nginx does not resend a POST whose connection was reset.
#   deploy/rolling-restart.sh 1 2
set -euo pipefail
ADMIN_HOST=${ADMIN_HOST:-$(sed -n 's/^ADMIN_HOSTS=\([^,]*\).*/\1/p' /etc/kizuna/kizuna.env)}
KIZUNA_DIR=${KIZUNA_DIR:-/opt/kizuna/current}
NGINX_SITE=${NGINX_SITE:-/etc/nginx/sites-available/kizuna.conf}
NGINX_PID=${NGINX_PID:-/run/nginx.pid}

# Reloads nginx and waits (60 s at most) until the workers started with the previous configuration are gone.
reload_nginx() {
  nginx -t -q
  local old
  old=$(pgrep -P "$(cat "$NGINX_PID")" || true)
  nginx -s reload
  for _ in $(seq 1 600); do
    local alive=0
    for pid in $old; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  echo "nginx's previous workers are still finishing requests after 60 s; going on" >&2
}

upstream() { node "$KIZUNA_DIR/deploy/upstream.mjs" "$NGINX_SITE" "$1" "$2"; }

for instance in "${@:-1 2}"; do
  for i in $instance; do
    port=$((3000 + i))
    echo "restarting kizuna@$i (port $port)"
    upstream "$port" down
    reload_nginx
    systemctl restart "kizuna@$i"
    for _ in $(seq 1 120); do
      if curl -fsS -o /dev/null -H "Host: $ADMIN_HOST" "http://127.0.0.1:$port/api/health"; then break; fi
      sleep 1
    done
    # An instance that does not come back stays out of nginx: the others go on serving.
    curl -fsS -o /dev/null -H "Host: $ADMIN_HOST" "http://127.0.0.1:$port/api/health" || {
      echo "kizuna@$i is not healthy: it stays out of nginx, and the rollout stops" >&2
      exit 1
    }
    upstream "$port" up
    reload_nginx
  done
done
echo "all instances restarted"
