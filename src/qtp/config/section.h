// Declarative, validated configuration. Each stage owns a Params struct with retail defaults and a
// function `void DescribeParams(config::Section&, Params&)` that declares every parameter once:
// key, type, range/choices and a one-line doc. The same declaration
//   - loads YAML (unknown key, wrong type or out-of-range value → error naming file, key and line),
//   - writes the commented default file (`qtp init` → config/default.yaml),
//   - documents the parameter (docs/configuration.md).
// So code, defaults and docs cannot drift apart. The entry points are in qtp/config/config_io.h.
//
// Contract for describe functions:
//   - Declare every parameter unconditionally (no `if` on values): a declaration is recorded first
//     and values are read or written afterwards, so the schema must not depend on them.
//   - The referenced variables must outlive the LoadYaml*/WriteYaml/WriteMarkdown call.
//   - The value a variable holds when it is declared is what WriteYaml writes and the loader keeps
//     when the key is absent; it must itself satisfy the declared range/choices.
//   - Keys are snake_case ([a-z0-9_]+), unique within a section. Declaration mistakes (bad key,
//     duplicate, min > max, default out of range) surface as an Internal status from every entry point.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"

namespace qtp::config {

class SectionImpl;

class Section {
 public:
  // Numeric parameters must lie in [min, max] (inclusive; NaN is never in range).
  void Param(std::string_view key, double& value, std::string_view doc, double min, double max);
  void Param(std::string_view key, int& value, std::string_view doc, int min, int max);
  void Param(std::string_view key, int64_t& value, std::string_view doc, int64_t min, int64_t max);
  void Param(std::string_view key, bool& value, std::string_view doc);
  // `choices` empty = any string.
  void Param(std::string_view key, std::string& value, std::string_view doc, std::vector<std::string> choices = {});
  // A YAML sequence of strings; with `choices` non-empty, every element must be one of them.
  void Param(std::string_view key, std::vector<std::string>& value, std::string_view doc);
  void Param(std::string_view key, std::vector<std::string>& value, std::string_view doc,
             std::vector<std::string> choices);
  // A nested mapping; the returned Section lives as long as this one. Declaring the same child key
  // twice returns the same Section (so several describe functions can fill one section).
  Section& Child(std::string_view key, std::string_view doc);
  // A cross-parameter rule, e.g. Rule("min_capital_usd <= max_capital_usd", [&] { return p.a <= p.b; }).
  // `holds` is evaluated after values are loaded; `description` is shown in errors, YAML and markdown.
  void Rule(std::string_view description, std::function<bool()> holds);

  explicit Section(std::unique_ptr<SectionImpl> impl);
  ~Section();
  Section(const Section&) = delete;
  Section& operator=(const Section&) = delete;

  // The recorded schema (section_internal.h); for the config module's own readers and writers.
  SectionImpl& impl() { return *impl_; }
  const SectionImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<SectionImpl> impl_;
};

// A describe function: declares parameters on the root section, e.g.
//   [&](config::Section& root) { DescribeParams(root.Child("clean", "Cleaning rules"), cfg.clean); }
using Describer = std::function<void(Section&)>;

}  // namespace qtp::config
