// Small string checks the tests share.
#pragma once

#include <string>

namespace qtp::test_util {

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace qtp::test_util
