#!/usr/bin/env bash
# The test command (README): on a fresh Debian machine, installs what the tests need, then runs
# the typecheck, lint, build, npm test and the Grafana API check. .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== system packages (prometheus/promtool for the real-Prometheus tests, chromium for browser tests)"
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1 || [ ! -x /usr/bin/chromium ] || ! command -v curl >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus chromium curl >/dev/null
fi
prometheus --version 2>&1 | head -1
/usr/bin/chromium --version

echo "== Node 22 (create-plugin's toolchain needs >= 22; the machine has 20)"
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)' 2>/dev/null; then
  NODE22_DIR="${NODE22_DIR:-$HOME/.cache/genai-observability-node22}"
  if [ ! -x "$NODE22_DIR/node_modules/node/bin/node" ]; then
    mkdir -p "$NODE22_DIR"
    (cd "$NODE22_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error node@22 >/dev/null)
  fi
  export PATH="$NODE22_DIR/node_modules/node/bin:$PATH"
fi
node --version

echo "== npm ci (exactly package-lock.json)"
npm ci --no-audit --no-fund --loglevel=error
# The demo agent app is its own package (it is also built into its own container image).
if [ -f demo/package.json ]; then
  (cd demo && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== typecheck, lint, build"
npm run typecheck
(cd demo && npm run typecheck)
npm run lint
npm run build

echo "== npm test"
mkdir -p test-output
set +e
npm test -- --json --outputFile=test-output/jest-results.json
status=$?
set -e
# One plain summary line for CI log readers.
node -e '
  const r = require("./test-output/jest-results.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
' || status=1

echo "== Grafana API compatibility (@grafana/levitate against Grafana 12.3-13.2; needs the npm registry)"
npm run compat || status=1
exit $status
