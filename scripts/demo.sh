#!/usr/bin/env bash
# The main job: builds sunlit and runs the demo in examples/ on the shipped processes.
set -euo pipefail
cd "$(dirname "$0")/.."
# A CJK font (5 MB) so Graphviz measures and rasterises the Chinese labels of the drawings.
bash scripts/deps.sh fonts-wqy-microhei
bash scripts/build.sh sunlit
exec bash examples/demo.sh build/sunlit
