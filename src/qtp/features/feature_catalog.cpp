#include "qtp/features/feature_catalog.h"

#include <fmt/format.h>

#include "qtp/data/store/feature_columns.h"

namespace qtp::features {

std::string FeatureCatalogMarkdown() {
  std::string out;
  std::string group;
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    if (f.group != group) {
      group = f.group;
      out += fmt::format("{}### {}\n\n| column | unit | definition |\n|---|---|---|\n", out.empty() ? "" : "\n", group);
    }
    out += fmt::format("| `{}`{} | {} | {} |\n", f.name, f.predictor ? "" : " (not normalized)", f.unit, f.definition);
  }
  return out;
}

}  // namespace qtp::features
