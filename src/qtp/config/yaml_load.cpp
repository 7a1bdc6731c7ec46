// YAML → bound variables. Two phases: every key is parsed and checked against the schema into a
// staging list (collecting all errors), and only if nothing failed are the values written, then the
// rules checked; a failed rule restores the previous values.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "qtp/config/config_io.h"
#include "qtp/config/section_internal.h"

namespace qtp::config {

namespace {

// yaml-cpp tags a quoted scalar "!" and a plain one "?": quoted text is always a string.
bool IsQuoted(const YAML::Node& node) { return node.Tag() == "!"; }

template <class T>
bool ParseInteger(const std::string& text, T& out) {
  std::string_view s = text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

bool ParseDouble(const std::string& text, double& out) {
  static const std::pair<const char*, double> kSpecial[] = {
      {".inf", std::numeric_limits<double>::infinity()},   {".Inf", std::numeric_limits<double>::infinity()},
      {"+.inf", std::numeric_limits<double>::infinity()},  {"-.inf", -std::numeric_limits<double>::infinity()},
      {"-.Inf", -std::numeric_limits<double>::infinity()}, {".nan", std::numeric_limits<double>::quiet_NaN()},
      {".NaN", std::numeric_limits<double>::quiet_NaN()}};
  for (const auto& [word, value] : kSpecial) {
    if (text == word) {
      out = value;
      return true;
    }
  }
  std::string_view s = text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// "a float", "an integer", ... for messages.
std::string WithArticle(const char* type_name) {
  return (type_name[0] == 'i' ? "an " : "a ") + std::string(type_name);
}

const char* NodeKind(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "an empty value";
  return IsQuoted(node) ? "a quoted string" : "a scalar";
}

class Loader {
 public:
  explicit Loader(std::string source) : source_(std::move(source)) {}

  void LoadSection(const Section& section, const YAML::Node& map) {
    const SectionImpl& impl = section.impl();
    std::set<std::string> seen;
    for (const auto& key_value : map) {
      // NOTE: copies, not references: yaml-cpp iterators hand out temporaries.
      const YAML::Node key_node = key_value.first;
      const YAML::Node value = key_value.second;
      const int line = key_node.Mark().line + 1;
      if (!key_node.IsScalar()) {
        Error(line, impl.path().empty() ? "(top level)" : impl.path(), "keys must be plain names");
        continue;
      }
      const std::string key = key_node.Scalar();
      const std::string path = impl.KeyPath(key);
      if (!seen.insert(key).second) {
        Error(line, path, "duplicate key");
        continue;
      }
      const SectionEntry* entry = Find(impl, key);
      if (entry == nullptr) {
        Error(line, path, UnknownKeyReason(impl, key));
      } else if (const auto* param = std::get_if<ParamEntry>(&entry->item)) {
        LoadParam(*param, path, line, value);
      } else {
        const Section& child = *std::get<Section*>(entry->item);
        if (value.IsMap()) {
          LoadSection(child, value);
        } else if (!value.IsNull()) {  // `section:` with nothing below means "no overrides"
          Error(line, path, fmt::format("expected a mapping (a section), got {}", NodeKind(value)));
        }
      }
    }
  }

  void Error(int line, const std::string& path, const std::string& reason) {
    errors_.push_back(fmt::format("{}:{}: {}: {}", source_, line, path, reason));
  }

  const std::vector<std::string>& errors() const { return errors_; }
  const std::vector<std::pair<const ParamEntry*, ParamEntry::Value>>& staged() const { return staged_; }

 private:
  static const SectionEntry* Find(const SectionImpl& impl, const std::string& key) {
    for (const SectionEntry& e : impl.entries()) {
      const auto* p = std::get_if<ParamEntry>(&e.item);
      const auto* c = std::get_if<Section*>(&e.item);
      if ((p != nullptr && p->key == key) || (c != nullptr && (*c)->impl().path() == impl.KeyPath(key))) return &e;
    }
    return nullptr;
  }

  static std::string UnknownKeyReason(const SectionImpl& impl, const std::string& key) {
    std::vector<std::string> known;
    for (const SectionEntry& e : impl.entries()) {
      if (const auto* p = std::get_if<ParamEntry>(&e.item)) known.push_back(p->key);
      if (const auto* c = std::get_if<Section*>(&e.item)) {
        const std::string& path = (*c)->impl().path();
        known.push_back(path.substr(path.rfind('.') + 1));
      }
    }
    std::string best;
    size_t best_distance = 3;  // suggest only close spellings
    for (const std::string& k : known) {
      const size_t d = EditDistance(key, k);
      if (d < best_distance) {
        best_distance = d;
        best = k;
      }
    }
    if (!best.empty()) return fmt::format("unknown key (did you mean '{}'?)", best);
    if (known.empty()) return "unknown key (this section has no keys)";
    return fmt::format("unknown key (known keys: {})", fmt::join(known, ", "));
  }

  void LoadParam(const ParamEntry& param, const std::string& path, int line, const YAML::Node& node) {
    std::string reason;
    std::optional<ParamEntry::Value> parsed = Parse(param, node, reason);
    if (parsed.has_value()) reason = CheckValue(param, *parsed);
    if (!reason.empty()) {
      Error(line, path, reason);
      return;
    }
    staged_.emplace_back(&param, std::move(*parsed));
  }

  static std::optional<ParamEntry::Value> Parse(const ParamEntry& param, const YAML::Node& node, std::string& reason) {
    const char* type = TypeName(param);
    if (std::holds_alternative<std::vector<std::string>*>(param.target)) {
      if (!node.IsSequence()) {
        reason = fmt::format("expected a list of strings, got {}", NodeKind(node));
        return std::nullopt;
      }
      std::vector<std::string> out;
      for (const YAML::Node& element : node) {
        if (!element.IsScalar()) {
          reason = fmt::format("expected a list of strings, found {} in it", NodeKind(element));
          return std::nullopt;
        }
        out.push_back(element.Scalar());
      }
      return out;
    }
    if (!node.IsScalar()) {
      reason = fmt::format("expected {}, got {}", WithArticle(type), NodeKind(node));
      return std::nullopt;
    }
    const std::string& text = node.Scalar();
    const bool quoted = IsQuoted(node);
    std::optional<ParamEntry::Value> out = std::visit(
        [&](auto* target) -> std::optional<ParamEntry::Value> {
          using T = std::remove_pointer_t<decltype(target)>;
          if constexpr (std::is_same_v<T, std::string>) {
            return text;
          } else if constexpr (std::is_same_v<T, bool>) {
            if (!quoted && (text == "true" || text == "True" || text == "TRUE")) return true;
            if (!quoted && (text == "false" || text == "False" || text == "FALSE")) return false;
            return std::nullopt;
          } else if constexpr (std::is_same_v<T, double>) {
            double v = 0;
            if (!quoted && ParseDouble(text, v)) return v;
            return std::nullopt;
          } else if constexpr (std::is_arithmetic_v<T>) {
            T v = 0;
            if (!quoted && ParseInteger(text, v)) return v;
            return std::nullopt;
          } else {
            return std::nullopt;
          }
        },
        param.target);
    if (!out.has_value()) {
      reason = fmt::format("expected {}, got '{}'{}", WithArticle(type), text, quoted ? " (quoted, so a string)" : "");
    }
    return out;
  }

  std::string source_;
  std::vector<std::string> errors_;
  std::vector<std::pair<const ParamEntry*, ParamEntry::Value>> staged_;
};

}  // namespace

Status LoadYamlString(std::string_view text, std::string_view source_name, const Describer& describe) {
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Section> root, RecordSchema(describe));
  const std::string source(source_name);
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(
        fmt::format("{}:{}:{}: YAML syntax error: {}", source, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  if (!doc.IsDefined() || doc.IsNull()) return Status::OK();  // empty file: nothing to override
  Loader loader(source);
  if (doc.IsMap()) {
    loader.LoadSection(*root, doc);
  } else {
    loader.Error(doc.Mark().line + 1, "(top level)", fmt::format("expected a mapping of keys, got {}", NodeKind(doc)));
  }
  if (!loader.errors().empty()) {
    return Status::InvalidArgument(fmt::format("{}", fmt::join(loader.errors(), "\n")));
  }
  std::vector<std::pair<const ParamEntry*, ParamEntry::Value>> previous;
  for (const auto& [param, value] : loader.staged()) {
    previous.emplace_back(param, ReadTarget(*param));
    WriteTarget(*param, value);
  }
  const std::vector<std::string> problems = CheckCurrentValues(*root, source + ": ");
  if (!problems.empty()) {
    for (const auto& [param, value] : previous) WriteTarget(*param, value);
    return Status::InvalidArgument(fmt::format("{}", fmt::join(problems, "\n")));
  }
  return Status::OK();
}

Status LoadYamlFile(const std::string& path, const Describer& describe) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("{}: cannot open config file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError(fmt::format("{}: read error", path));
  return LoadYamlString(text.str(), path, describe);
}

Status ValidateValues(const Describer& describe) {
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Section> root, RecordSchema(describe));
  const std::vector<std::string> problems = CheckCurrentValues(*root, "");
  if (!problems.empty()) return Status::InvalidArgument(fmt::format("{}", fmt::join(problems, "\n")));
  return Status::OK();
}

}  // namespace qtp::config
