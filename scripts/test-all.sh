#!/usr/bin/env bash
# The test command (README): on a fresh Debian machine, installs what the tests need (Debian
# packages through apt-get, as root or with sudo; Node 22 from the npm registry), then runs the
# typecheck, lint, build, npm test and the Grafana API check. .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== system packages (prometheus/promtool for the real-Prometheus tests, chromium for browser tests, node/npm to fetch Node 22)"
missing=()
{ command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; } || missing+=(prometheus)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  # apt-get needs root: as root run it directly, otherwise through sudo.
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "error: ${missing[*]} must be installed, which needs root: run this script as root, install sudo, or install them yourself" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: ${missing[*]} must be installed and there is no apt-get (this script expects Debian): install them yourself" >&2
    exit 1
  fi
  echo "installing from Debian: ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
prometheus --version 2>&1 | head -1
/usr/bin/chromium --version

echo "== Node 22 (create-plugin's toolchain needs >= 22; an older node, e.g. Debian's, fetches it from the npm registry)"
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
