// The feature catalog as markdown, generated from the registry (schema::FeatureColumns()): what
// `qtp features --list` prints and docs/features.md embeds, so the docs cannot drift from the code.
#pragma once

#include <string>

namespace qtp::features {

// One table per group: column, unit, definition; bookkeeping columns marked.
std::string FeatureCatalogMarkdown();

}  // namespace qtp::features
