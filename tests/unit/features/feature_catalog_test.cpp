#include "qtp/features/feature_catalog.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "qtp/data/store/feature_columns.h"

namespace qtp::features {
namespace {

TEST(FeatureCatalog, ListsEveryColumnOnce) {
  const std::string md = FeatureCatalogMarkdown();
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    const std::string cell = "| `" + f.name + "`";
    const size_t at = md.find(cell);
    ASSERT_NE(at, std::string::npos) << f.name;
    EXPECT_EQ(md.find(cell, at + 1), std::string::npos) << f.name << " listed twice";
  }
}

// docs/features.md embeds the catalog; scripts/update_feature_docs.sh regenerates it.
TEST(FeatureCatalog, DocsEmbedTheGeneratedCatalog) {
  std::ifstream in(std::string(QTP_SOURCE_DIR) + "/docs/features.md");
  ASSERT_TRUE(in) << "docs/features.md missing";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string begin = "<!-- BEGIN GENERATED: qtp features --list -->\n", end = "<!-- END GENERATED -->";
  const size_t b = doc.find(begin), e = doc.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), FeatureCatalogMarkdown())
      << "docs/features.md is stale: run scripts/update_feature_docs.sh";
}

}  // namespace
}  // namespace qtp::features
