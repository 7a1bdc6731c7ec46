#include <cmath>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "qtp/config/section.h"
#include "qtp/config/section_internal.h"

namespace qtp::config {

namespace {

bool IsSnakeCaseKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsPlainSafeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '/' || c == ':' || c == '@' || c == '+' || c == '-';
}

bool LooksLikeNonString(const std::string& s) {
  static const char* const kKeywords[] = {"null", "Null", "NULL", "~",   "true", "True", "TRUE",
                                          "false", "False", "FALSE", "yes", "no",  "on",   "off"};
  for (const char* k : kKeywords) {
    if (s == k) return true;
  }
  const char first = s.front();
  return (first >= '0' && first <= '9') || first == '.' || first == '+' || first == '-';
}

std::string FormatString(const std::string& s) {
  bool plain = !s.empty() && !LooksLikeNonString(s) && s.back() != ':';
  for (char c : s) {
    plain = plain && IsPlainSafeChar(c);
  }
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return ".nan";
  if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
  // fmt's "{}" is the shortest text that parses back to the same double.
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";  // keep it visibly a float
  return s;
}

template <class T>
bool InRange(T v, T min, T max) {
  return v >= min && v <= max;  // false for NaN
}

}  // namespace

// --- Section ---------------------------------------------------------------------------------------

Section::Section(std::unique_ptr<SectionImpl> impl) : impl_(std::move(impl)) {}
Section::~Section() = default;

void Section::Param(std::string_view key, double& value, std::string_view doc, double min, double max) {
  impl_->AddParam({std::string(key), std::string(doc), &value, min, max, {}});
}
void Section::Param(std::string_view key, int& value, std::string_view doc, int min, int max) {
  impl_->AddParam({std::string(key), std::string(doc), &value, min, max, {}});
}
void Section::Param(std::string_view key, int64_t& value, std::string_view doc, int64_t min, int64_t max) {
  impl_->AddParam({std::string(key), std::string(doc), &value, min, max, {}});
}
void Section::Param(std::string_view key, bool& value, std::string_view doc) {
  impl_->AddParam({std::string(key), std::string(doc), &value, false, true, {}});
}
void Section::Param(std::string_view key, std::string& value, std::string_view doc, std::vector<std::string> choices) {
  impl_->AddParam({std::string(key), std::string(doc), &value, std::string(), std::string(), std::move(choices)});
}
void Section::Param(std::string_view key, std::vector<std::string>& value, std::string_view doc) {
  Param(key, value, doc, {});
}
void Section::Param(std::string_view key, std::vector<std::string>& value, std::string_view doc,
                    std::vector<std::string> choices) {
  impl_->AddParam({std::string(key), std::string(doc), &value, std::vector<std::string>(),
                   std::vector<std::string>(), std::move(choices)});
}
Section& Section::Child(std::string_view key, std::string_view doc) { return impl_->AddChild(key, doc); }
void Section::Rule(std::string_view description, std::function<bool()> holds) {
  impl_->AddRule(description, std::move(holds));
}

// --- SectionImpl -----------------------------------------------------------------------------------

SectionImpl::SectionImpl(std::string path, std::string doc, std::shared_ptr<std::vector<std::string>> errors)
    : path_(std::move(path)), doc_(std::move(doc)), errors_(std::move(errors)) {}

std::string SectionImpl::KeyPath(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

bool SectionImpl::CheckNewKey(std::string_view key) {
  const std::string k(key);
  if (!IsSnakeCaseKey(key)) {
    errors_->push_back(fmt::format("'{}': keys must be snake_case ([a-z0-9_]+)", KeyPath(k)));
    return false;
  }
  for (const SectionEntry& e : entries_) {
    const auto* p = std::get_if<ParamEntry>(&e.item);
    const auto* c = std::get_if<Section*>(&e.item);
    if ((p != nullptr && p->key == k) || (c != nullptr && (*c)->impl().path() == KeyPath(k))) {
      errors_->push_back(fmt::format("'{}' is declared twice", KeyPath(k)));
      return false;
    }
  }
  return true;
}

void SectionImpl::AddParam(ParamEntry entry) {
  if (!CheckNewKey(entry.key)) return;
  const bool bad_range = std::visit(
      [&](auto* target) {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
          const T min = std::get<T>(entry.min);
          const T max = std::get<T>(entry.max);
          return !(min <= max);
        }
        return false;
      },
      entry.target);
  if (bad_range) {
    errors_->push_back(fmt::format("'{}': declared min is greater than max", KeyPath(entry.key)));
    return;
  }
  entries_.push_back({std::move(entry)});
}

Section& SectionImpl::AddChild(std::string_view key, std::string_view doc) {
  const std::string path = KeyPath(std::string(key));
  for (const auto& child : children_) {
    if (child->impl().path() == path) return *child;
  }
  for (const SectionEntry& e : entries_) {
    const auto* p = std::get_if<ParamEntry>(&e.item);
    if (p != nullptr && p->key == key) {
      errors_->push_back(fmt::format("'{}' is declared both as a parameter and as a section", path));
    }
  }
  if (!IsSnakeCaseKey(key)) errors_->push_back(fmt::format("'{}': keys must be snake_case ([a-z0-9_]+)", path));
  children_.push_back(std::make_unique<Section>(std::make_unique<SectionImpl>(path, std::string(doc), errors_)));
  entries_.push_back({children_.back().get()});
  return *children_.back();
}

void SectionImpl::AddRule(std::string_view description, std::function<bool()> holds) {
  entries_.push_back({RuleEntry{std::string(description), std::move(holds)}});
}

// --- schema helpers --------------------------------------------------------------------------------

std::unique_ptr<Section> MakeRootSection() {
  return std::make_unique<Section>(
      std::make_unique<SectionImpl>("", "", std::make_shared<std::vector<std::string>>()));
}

Result<std::unique_ptr<Section>> RecordSchema(const Describer& describe) {
  std::unique_ptr<Section> root = MakeRootSection();
  describe(*root);
  const auto& errors = root->impl().declaration_errors();
  if (!errors.empty()) {
    return Status::Internal(fmt::format("invalid config declaration: {}", fmt::join(errors, "; ")));
  }
  return root;
}

ParamEntry::Value ReadTarget(const ParamEntry& entry) {
  return std::visit([](auto* target) -> ParamEntry::Value { return *target; }, entry.target);
}

void WriteTarget(const ParamEntry& entry, const ParamEntry::Value& value) {
  std::visit(
      [&](auto* target) {
        using T = std::remove_pointer_t<decltype(target)>;
        *target = std::get<T>(value);
      },
      entry.target);
}

std::string CheckValue(const ParamEntry& entry, const ParamEntry::Value& value) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return "";
        } else if constexpr (std::is_arithmetic_v<T>) {
          if (InRange(v, std::get<T>(entry.min), std::get<T>(entry.max))) return "";
          return fmt::format("{} is outside {}", FormatValue(v), FormatConstraint(entry));
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (entry.choices.empty()) return "";
          for (const auto& c : entry.choices) {
            if (c == v) return "";
          }
          return fmt::format("{} is not {}", FormatString(v), FormatConstraint(entry));
        } else {
          for (const std::string& element : v) {
            std::string reason = CheckValue(
                ParamEntry{entry.key, entry.doc, static_cast<std::string*>(nullptr), {}, {}, entry.choices}, element);
            if (!reason.empty()) return "list element " + reason;
          }
          return "";
        }
      },
      value);
}

std::string FormatValue(const ParamEntry::Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          return FormatDouble(v);
        } else if constexpr (std::is_arithmetic_v<T>) {
          return fmt::format("{}", v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return FormatString(v);
        } else {
          std::string out = "[";
          for (size_t i = 0; i < v.size(); ++i) {
            out += (i == 0 ? "" : ", ") + FormatString(v[i]);
          }
          return out + "]";
        }
      },
      value);
}

std::string FormatConstraint(const ParamEntry& entry) {
  if (!entry.choices.empty()) return fmt::format("one of: {}", fmt::join(entry.choices, ", "));
  return std::visit(
      [&](auto* target) -> std::string {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
          return fmt::format("[{}..{}]", FormatValue(std::get<T>(entry.min)), FormatValue(std::get<T>(entry.max)));
        }
        return "";
      },
      entry.target);
}

const char* TypeName(const ParamEntry& entry) {
  static const char* const kNames[] = {"float", "integer", "integer", "bool", "string", "list of strings"};
  return kNames[entry.target.index()];
}

std::vector<std::string> CheckCurrentValues(const Section& root, const std::string& prefix) {
  std::vector<std::string> problems;
  const SectionImpl& impl = root.impl();
  for (const SectionEntry& e : impl.entries()) {
    if (const auto* p = std::get_if<ParamEntry>(&e.item)) {
      std::string reason = CheckValue(*p, ReadTarget(*p));
      if (!reason.empty()) problems.push_back(fmt::format("{}{}: {}", prefix, impl.KeyPath(p->key), reason));
    } else if (const auto* c = std::get_if<Section*>(&e.item)) {
      for (std::string& m : CheckCurrentValues(**c, prefix)) problems.push_back(std::move(m));
    } else {
      const auto& rule = std::get<RuleEntry>(e.item);
      if (!rule.holds()) {
        problems.push_back(fmt::format("{}{}: rule '{}' does not hold", prefix,
                                       impl.path().empty() ? "(top level)" : impl.path(), rule.description));
      }
    }
  }
  return problems;
}

}  // namespace qtp::config
