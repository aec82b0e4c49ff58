#!/usr/bin/env bash
# Restarts the app instances one at a time (a deploy: new code in /opt/kizuna/current, or a new environment).
# Each instance drains on SIGTERM; the next one is restarted only once this one answers its health check and
# nginx has taken it back (its upstream fail_timeout has passed), so the sites never lose their last instance.
#   deploy/rolling-restart.sh 1 2
set -euo pipefail
ADMIN_HOST=${ADMIN_HOST:-$(sed -n 's/^ADMIN_HOSTS=\([^,]*\).*/\1/p' /etc/kizuna/kizuna.env)}
FAIL_TIMEOUT_S=${FAIL_TIMEOUT_S:-2}
for instance in "${@:-1 2}"; do
  for i in $instance; do
    port=$((3000 + i))
    echo "restarting kizuna@$i (port $port)"
    systemctl restart "kizuna@$i"
    for _ in $(seq 1 120); do
      if curl -fsS -o /dev/null -H "Host: $ADMIN_HOST" "http://127.0.0.1:$port/api/health"; then break; fi
      sleep 1
    done
    curl -fsS -o /dev/null -H "Host: $ADMIN_HOST" "http://127.0.0.1:$port/api/health" || { echo "kizuna@$i is not healthy: stopping the rollout" >&2; exit 1; }
    sleep $((FAIL_TIMEOUT_S + 1))
  done
done
echo "all instances restarted"
