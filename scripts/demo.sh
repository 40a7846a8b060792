#!/usr/bin/env bash
# The main job: builds sunlit and runs the demo in examples/ on the shipped processes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh sunlit
exec bash examples/demo.sh build/sunlit
