// The schema tree a describe function records: one node per Section, one entry per Param, Child or
// Rule, in declaration order. The YAML loader, YAML writer and markdown writer walk this tree.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "qtp/config/section.h"

namespace qtp::config {

// A bound parameter: a pointer into the caller's struct plus its declared constraints.
struct ParamEntry {
  using Target = std::variant<double*, int*, int64_t*, bool*, std::string*, std::vector<std::string>*>;
  // The same alternatives by value: a parsed or saved value for Target.
  using Value = std::variant<double, int, int64_t, bool, std::string, std::vector<std::string>>;

  std::string key;
  std::string doc;
  Target target;
  // Numeric bounds, as the declared type (unused for bool / string / list).
  Value min;
  Value max;
  std::vector<std::string> choices;
};

struct RuleEntry {
  std::string description;
  std::function<bool()> holds;
};

struct SectionEntry {
  std::variant<ParamEntry, Section*, RuleEntry> item;
};

class SectionImpl {
 public:
  // `path` is the dotted key path ("" for the root); `errors` is shared by the whole tree.
  SectionImpl(std::string path, std::string doc, std::shared_ptr<std::vector<std::string>> errors);

  const std::string& path() const { return path_; }
  const std::string& doc() const { return doc_; }
  const std::vector<SectionEntry>& entries() const { return entries_; }
  // Declaration mistakes found so far in the whole tree (programmer errors).
  const std::vector<std::string>& declaration_errors() const { return *errors_; }

  // "clean.spike_threshold_mad" for key "spike_threshold_mad" in section "clean".
  std::string KeyPath(const std::string& key) const;

  void AddParam(ParamEntry entry);
  Section& AddChild(std::string_view key, std::string_view doc);
  void AddRule(std::string_view description, std::function<bool()> holds);

 private:
  bool CheckNewKey(std::string_view key);

  std::string path_;
  std::string doc_;
  std::vector<SectionEntry> entries_;
  std::vector<std::unique_ptr<Section>> children_;
  std::shared_ptr<std::vector<std::string>> errors_;
};

// A root section with an empty path and a fresh error list.
std::unique_ptr<Section> MakeRootSection();

// Records `describe` into a root section; Internal status if the declarations are inconsistent.
Result<std::unique_ptr<Section>> RecordSchema(const Describer& describe);

// Current value of a parameter.
ParamEntry::Value ReadTarget(const ParamEntry& entry);
void WriteTarget(const ParamEntry& entry, const ParamEntry::Value& value);
// Empty if `value` satisfies the entry's range/choices, else a reason ("3 is outside [5, 10]").
std::string CheckValue(const ParamEntry& entry, const ParamEntry::Value& value);
// YAML text of a value, as the writer emits it and the loader reads it back exactly.
std::string FormatValue(const ParamEntry::Value& value);
// "[min..max]", "one of: a, b" or "" for unconstrained parameters.
std::string FormatConstraint(const ParamEntry& entry);
// "float", "integer", "bool", "string", "list of strings".
const char* TypeName(const ParamEntry& entry);

// Checks every current value and rule in the tree; `prefix` goes before each message.
std::vector<std::string> CheckCurrentValues(const Section& root, const std::string& prefix);

}  // namespace qtp::config
