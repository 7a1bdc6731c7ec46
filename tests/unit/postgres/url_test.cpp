#include "qtp/postgres/url.h"

#include <gtest/gtest.h>

namespace qtp::pg {
namespace {

TEST(RedactConnectionString, MasksTheUserInfoPassword) {
  EXPECT_EQ(RedactConnectionString("postgresql://qtp:s3cret@db.example:5432/prod"),
            "postgresql://qtp:***@db.example:5432/prod");
  EXPECT_EQ(RedactConnectionString("postgres://qtp:s3cret@host/db?sslmode=require"),
            "postgres://qtp:***@host/db?sslmode=require");
  EXPECT_EQ(RedactConnectionString("POSTGRESQL://u:p@h/d"), "POSTGRESQL://u:***@h/d");
}

TEST(RedactConnectionString, LeavesStringsWithoutAPasswordAlone) {
  for (const char* conn : {"postgresql://qtp@db:5432/prod", "postgresql://db:5432/prod", "postgresql:///prod",
                           "host=db port=5432 user=qtp dbname=prod", ""}) {
    EXPECT_EQ(RedactConnectionString(conn), conn);
  }
}

TEST(RedactConnectionString, CoversUnencodedAtAndSlashInThePassword) {
  // libpq wants them percent-encoded, people paste them raw: the whole password is masked anyway.
  EXPECT_EQ(RedactConnectionString("postgresql://qtp:p@ss/w0rd@db/prod"), "postgresql://qtp:***@db/prod");
}

TEST(RedactConnectionString, MasksPasswordParameters) {
  EXPECT_EQ(RedactConnectionString("postgresql://qtp@db/prod?password=s3cret&sslmode=require"),
            "postgresql://qtp@db/prod?password=***&sslmode=require");
  EXPECT_EQ(RedactConnectionString("host=db password=s3cret user=qtp"), "host=db password=*** user=qtp");
  EXPECT_EQ(RedactConnectionString("host=db password = 'a b\\'c' user=qtp"), "host=db password = *** user=qtp");
  EXPECT_EQ(RedactConnectionString("host=db PASSWORD=s3cret"), "host=db PASSWORD=***");
  // A key that merely ends in "password" is not the password.
  EXPECT_EQ(RedactConnectionString("host=db mypassword=x"), "host=db mypassword=x");
}

TEST(PasswordOf, FindsThePasswordWhereverItIs) {
  EXPECT_EQ(PasswordOf("postgresql://qtp:s3cret@db/prod"), "s3cret");
  EXPECT_EQ(PasswordOf("postgresql://qtp:p%40ss%2Fword@db/prod"), "p@ss/word");
  EXPECT_EQ(PasswordOf("postgresql://qtp@db/prod?password=s3cret"), "s3cret");
  EXPECT_EQ(PasswordOf("host=db password='a b\\'c'"), "a b'c");
  EXPECT_EQ(PasswordOf("host=db password=plain user=x"), "plain");
  EXPECT_EQ(PasswordOf("postgresql://qtp@db/prod"), "");
  EXPECT_EQ(PasswordOf(""), "");
}

TEST(ScrubSecret, RemovesThePasswordAndItsEncodedForm) {
  EXPECT_EQ(ScrubSecret("bad token \"p@ss word\" in p%40ss%20word", "p@ss word"), "bad token \"***\" in ***");
  EXPECT_EQ(ScrubSecret("abc abc", "abc"), "abc abc") << "short secrets are left alone";
  EXPECT_EQ(ScrubSecret("nothing here", ""), "nothing here");
}

}  // namespace
}  // namespace qtp::pg
