#!/usr/bin/env bash
# `npm test`: build, lint, then every test layer from fast to real (see jest.config.js).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

npm run build
npm run lint
bash scripts/ensure-runtime.sh >/dev/null

# Browser tests drive Debian's Chromium through playwright-core (no browser download here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update && apt-get install -y chromium
  else
    echo "Chromium is missing: install Debian's package (sudo apt-get install -y chromium) and run again." >&2
    exit 1
  fi
fi

npx jest --selectProjects unit engine
npx jest --selectProjects e2e --runInBand
