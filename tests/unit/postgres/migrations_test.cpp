#include "qtp/postgres/migrations.h"

#include <gtest/gtest.h>

#include "qtp/core/file_util.h"

namespace qtp::pg {
namespace {

TEST(MakeMigration, ParsesVersionAndName) {
  auto m = MakeMigration("001_init.sql", "CREATE TABLE t (x int);");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version, 1);
  EXPECT_EQ(m->name, "init");
  EXPECT_EQ(m->file, "001_init.sql");
  EXPECT_EQ(m->sha256, Sha256Hex("CREATE TABLE t (x int);"));
  auto big = MakeMigration("0042_add_index_2.sql", "");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->version, 42);
  EXPECT_EQ(big->name, "add_index_2");
}

TEST(MakeMigration, RefusesOtherNames) {
  for (const char* name : {"1_init.sql", "01_init.sql", "001-init.sql", "001_init.txt", "001_.sql", "abc_init.sql",
                           "000_zero.sql", "001_Init.sql", "001_in it.sql", "0000000001_too_long.sql", "init.sql"}) {
    EXPECT_FALSE(MakeMigration(name, "").ok()) << name;
  }
}

TEST(SortedMigrations, OrdersByVersionAndRefusesDuplicates) {
  std::vector<Migration> ms;
  for (const char* f : {"010_c.sql", "002_b.sql", "001_a.sql"}) ms.push_back(*MakeMigration(f, f));
  auto sorted = SortedMigrations(ms);
  ASSERT_TRUE(sorted.ok());
  EXPECT_EQ((*sorted)[0].file, "001_a.sql");
  EXPECT_EQ((*sorted)[2].file, "010_c.sql");
  ms.push_back(*MakeMigration("002_other.sql", ""));
  const auto dup = SortedMigrations(ms);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("share version 2"), std::string::npos) << dup.status().ToString();
}

// The binary carries sql/migrations/ byte for byte: an installed qtp migrates without the source tree.
TEST(EmbeddedMigrations, AreTheRepositoryFilesByteForByte) {
  auto embedded = EmbeddedMigrations();
  ASSERT_TRUE(embedded.ok()) << embedded.status().ToString();
  ASSERT_FALSE(embedded->empty());
  EXPECT_EQ(embedded->front().file, "001_init.sql");
  for (const Migration& m : *embedded) {
    const auto file = ReadFile(std::string(QTP_SOURCE_DIR) + "/sql/migrations/" + m.file);
    ASSERT_TRUE(file.ok()) << m.file;
    EXPECT_EQ(m.sql, *file) << m.file;
    EXPECT_EQ(m.sha256, Sha256Hex(*file));
  }
}

}  // namespace
}  // namespace qtp::pg
