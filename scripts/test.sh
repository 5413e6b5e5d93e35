#!/usr/bin/env bash
# `npm test`: build, lint, then every test layer from fast to real (see jest.config.js).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

npm run build
npm run lint
# Tests run through ts-jest without type checks (fast); their types are checked here once.
npm run typecheck
bash scripts/ensure-runtime.sh >/dev/null

bash scripts/ensure-test-deps.sh

npx jest --selectProjects unit engine
npx jest --selectProjects e2e --runInBand
