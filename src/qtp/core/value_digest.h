// A fast change-detector over a stream of values: what the incremental stages record of their
// inputs so that a later run can tell which days changed without storing the inputs themselves.
//
// FNV-1a-style mixing, one 64-bit word per value (a full feature run digests every bar, so
// byte-wise FNV would cost seconds): each step is a bijection of the state, so any single changed
// value changes the digest. Not a security hash: the manifest's SHA-256 already guards the files.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace qtp {

class ValueDigest {
 public:
  template <typename T>
    requires std::is_trivially_copyable_v<T> && (sizeof(T) <= sizeof(uint64_t))
  void Add(T value) {
    uint64_t word = 0;
    std::memcpy(&word, &value, sizeof(T));
    Mix(word);
  }
  // The length first, so that ("ab", "c") and ("a", "bc") differ.
  void Add(std::string_view text) {
    Mix(text.size());
    for (unsigned char c : text) Mix(c);
  }
  uint64_t value() const { return hash_; }
  std::string Hex() const { return fmt::format("{:016x}", hash_); }

 private:
  void Mix(uint64_t word) { hash_ = (hash_ ^ word) * 1099511628211ULL; }
  uint64_t hash_ = 14695981039346656037ULL;
};

}  // namespace qtp
