#!/usr/bin/env bash
# Runs the clock-sensitive test suites with the process clock moved (Debian's `faketime`, which
# preloads libfaketime; Node and the openssl children it starts inherit it). Usage:
#   bash scripts/clock-guard.sh +400d        # or +45d, +4y ...
#   bash scripts/clock-guard.sh +400d all    # the whole jest suite
set -euo pipefail
cd "$(dirname "$0")/.."
offset="${1:?usage: clock-guard.sh OFFSET [all]   (for example +400d)}"
command -v faketime >/dev/null 2>&1 || { echo "faketime is not installed (apt-get install faketime)" >&2; exit 2; }
shifted=$(faketime -f "$offset" node -e 'process.stdout.write(new Date().toISOString())')
echo "clock guard: process clock at $shifted ($offset)"
if [ "${2:-}" = all ]; then
  exec faketime -f "$offset" npx jest
fi
exec faketime -f "$offset" npx jest \
  test/adapters/tls-probe test/probe test/cli/probe.test.ts test/cli/scan-probe-endpoint.test.ts \
  test/core/certificates/x509.test.ts test/core/tiers.test.ts test/core/forecast.test.ts \
  test/core/schedule.test.ts test/core/alerts test/cli/alerting.test.ts
