#!/usr/bin/env bash
# Regenerates the feature catalog embedded in docs/features.md from `qtp features --list`
# (the registry in src/qtp/data/store/feature_columns.cpp). Usage: scripts/update_feature_docs.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
"$BUILD/apps/qtp/qtp" features --list > "$BUILD/feature_catalog.md"
python3 - "$BUILD/feature_catalog.md" <<'PY'
import sys
catalog = open(sys.argv[1]).read()
path = "docs/features.md"
doc = open(path).read()
begin = "<!-- BEGIN GENERATED: qtp features --list -->\n"
end = "<!-- END GENERATED -->"
b, e = doc.index(begin) + len(begin), doc.index(end)
open(path, "w").write(doc[:b] + catalog + doc[e:])
PY
echo "docs/features.md: catalog regenerated"
