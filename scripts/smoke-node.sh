#!/usr/bin/env bash
# Builds Baton and smoke-tests the build on another Node major than the machine's:
#   bash scripts/smoke-node.sh 22      (or 24)
# Node comes from the npm registry as the `node-linux-<arch>` package, which ships the binary, into
# a temporary folder. Then, with that Node first on PATH: `npm run build`, `baton --help`, the built
# server started on a free port with a fresh PGlite folder, GET /healthz, and the built packages
# loaded from ESM and CommonJS. Exits non-zero, saying which step failed, if any step does.
set -euo pipefail
cd "$(dirname "$0")/.."

major="${1:-22}"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "smoke-node: no Node package for $(uname -m)"; exit 1 ;;
esac

work="$(mktemp -d "${TMPDIR:-/tmp}/baton-node${major}.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "smoke-node (Node $major): $*"; exit 1; }

echo "-- Node $major from npm (node-linux-$arch@$major)"
if ! npm install --prefix "$work/node" --no-save --no-package-lock --no-audit --no-fund --prefer-offline \
  "node-linux-$arch@$major" >"$work/install.log" 2>&1; then
  cat "$work/install.log"
  fail "could not install node-linux-$arch@$major from the npm registry; Node $major is needed for this check"
fi
bin="$work/node/node_modules/node-linux-$arch/bin"
[[ -x "$bin/node" ]] || fail "the package has no bin/node"
export PATH="$bin:$PATH"
version="$(node --version)"
[[ "$version" == "v$major."* ]] || fail "node on PATH is $version"
echo "   $version"

echo "-- npm run build"
npm run build --silent || fail "the build failed"

echo "-- baton --help"
help="$(node packages/server/bin/baton.js --help)" || fail "baton --help exited non-zero"
grep -q "Usage: baton" <<<"$help" || fail "baton --help printed no usage: $help"

echo "-- baton serve, GET /healthz"
PORT=0 BATON_DATA_DIR="$work/data" DATABASE_URL='' BATON_POLICY='' \
  node packages/server/bin/baton.js serve >"$work/serve.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 240); do
  url="$(grep -o 'listening on http://[^ ]*' "$work/serve.log" | head -n 1 | cut -d' ' -f3 || true)"
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; fail "baton serve exited before listening"; }
  sleep 0.5
done
[[ -n "$url" ]] || { cat "$work/serve.log"; fail "baton serve did not listen within 120 s"; }
health="$(node -e "fetch(process.argv[1] + '/healthz', { signal: AbortSignal.timeout(10000) })
  .then(async (r) => { if (!r.ok) throw new Error('status ' + r.status); process.stdout.write(await r.text()); })
  .catch((e) => { console.error(e.message); process.exit(1); })" "$url")" || fail "GET $url/healthz failed"
[[ "$health" == *'"status":"ok"'* ]] || fail "GET /healthz answered $health"
echo "   $url/healthz -> $health"

echo "-- the built packages from ESM and CommonJS"
node --input-type=module -e "
  const { decide, compilePolicy, defaultPolicy, initialState } = await import('./packages/engine/dist/index.js');
  const { PostTurnRequestSchema } = await import('./packages/sdk/dist/index.js');
  const turn = { role: 'customer', text: 'I want to talk to a real person now', at: '2026-01-01T00:00:00Z' };
  if (decide(initialState(), turn, compilePolicy(defaultPolicy)).decision.action !== 'handoff') process.exit(1);
  if (!PostTurnRequestSchema.safeParse({ role: 'customer', text: 'hi' }).success) process.exit(1);
" || fail "the ESM build did not load or decide"
node -e "
  const { decide, compilePolicy, defaultPolicy, initialState } = require('./packages/engine/dist/index.cjs');
  const { BatonClient } = require('./packages/sdk/dist/index.cjs');
  const turn = { role: 'customer', text: 'I want to talk to a real person now', at: '2026-01-01T00:00:00Z' };
  if (decide(initialState(), turn, compilePolicy(defaultPolicy)).decision.action !== 'handoff') process.exit(1);
  if (typeof BatonClient !== 'function') process.exit(1);
" || fail "the CommonJS build did not load or decide"

echo "smoke-node: Node $version builds and runs Baton"
