// Family names and the factory.
#include "qtp/models/learner.h"

#include <gtest/gtest.h>

namespace qtp::models {
namespace {

TEST(LearnerTest, FamilyNamesRoundTrip) {
  for (const Family family : {Family::kRidge, Family::kLogistic, Family::kXgb, Family::kLambdaMart}) {
    const Result<Family> parsed = ParseFamily(FamilyName(family));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, family);
    const std::unique_ptr<Learner> learner = MakeLearner(family, LearnerSettings{});
    ASSERT_NE(learner, nullptr);
    EXPECT_EQ(learner->family(), family);
  }
  EXPECT_STREQ(FamilyName(Family::kLambdaMart), "lambdamart");
}

TEST(LearnerTest, UnknownFamilyListsTheValidNames) {
  const Result<Family> parsed = ParseFamily("lasso");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("'lasso'"), std::string::npos);
  EXPECT_NE(parsed.status().message().find("ridge, logistic, xgb, lambdamart"), std::string::npos);
}

}  // namespace
}  // namespace qtp::models
