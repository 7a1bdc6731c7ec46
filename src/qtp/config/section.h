// Declarative, validated configuration. Each stage owns a Params struct with retail defaults and a
// function `void DescribeParams(config::Section&, Params&)` that declares every parameter once:
// key, type, range/choices and a one-line doc. The same declaration
//   - loads YAML (unknown key, wrong type or out-of-range value → error naming file, key and line),
//   - writes the commented default file (`qtp init` → config/default.yaml),
//   - documents the parameter (docs/configuration.md).
// So code, defaults and docs cannot drift apart.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"

namespace qtp::config {

class SectionImpl;

class Section {
 public:
  // Numeric parameters must lie in [min, max].
  void Param(std::string_view key, double& value, std::string_view doc, double min, double max);
  void Param(std::string_view key, int& value, std::string_view doc, int min, int max);
  void Param(std::string_view key, int64_t& value, std::string_view doc, int64_t min, int64_t max);
  void Param(std::string_view key, bool& value, std::string_view doc);
  // `choices` empty = any string.
  void Param(std::string_view key, std::string& value, std::string_view doc, std::vector<std::string> choices = {});
  void Param(std::string_view key, std::vector<std::string>& value, std::string_view doc);
  // A nested mapping; the returned Section lives as long as this one.
  Section& Child(std::string_view key, std::string_view doc);

  explicit Section(std::unique_ptr<SectionImpl> impl);
  ~Section();
  Section(const Section&) = delete;
  Section& operator=(const Section&) = delete;

 private:
  friend class SectionImpl;
  std::unique_ptr<SectionImpl> impl_;
};

}  // namespace qtp::config
