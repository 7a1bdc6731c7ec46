#include "qtp/serve/params.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qtp/data/store/paths.h"

namespace qtp::serve {
namespace {

// Longer values are refused before any parsing: nothing the API takes is this long.
constexpr size_t kMaxValueChars = 512;
constexpr size_t kMaxIdChars = 128;

bool IsIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t begin = 0;
  while (true) {
    const size_t comma = text.find(',', begin);
    items.push_back(text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin));
    if (comma == std::string::npos) return items;
    begin = comma + 1;
  }
}

Status Bad(const ParamSpec& spec, const std::string& value, const std::string& what) {
  return Status::InvalidArgument(fmt::format("parameter '{}' = '{}': {}", spec.name, Printable(value), what));
}

Status Check(const ParamSpec& spec, const std::string& value) {
  if (value.size() > kMaxValueChars) {
    return Status::InvalidArgument(fmt::format("parameter '{}' is too long ({} characters)", spec.name, value.size()));
  }
  if (value.empty() && spec.kind != ParamKind::kPrefix) {
    return Status::InvalidArgument(fmt::format("parameter '{}' has no value", spec.name));
  }
  switch (spec.kind) {
    case ParamKind::kDate:
      if (!ParseDate(value).ok()) return Bad(spec, value, "not a calendar date YYYY-MM-DD");
      return Status::OK();
    case ParamKind::kInt: {
      int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      const bool whole = ec == std::errc{} && ptr == value.data() + value.size() && value[0] != '+';
      if (!whole || v < spec.min || v > spec.max) {
        return Bad(spec, value, fmt::format("expected an integer from {} to {}", spec.min, spec.max));
      }
      return Status::OK();
    }
    case ParamKind::kEnum:
      if (std::find(spec.values.begin(), spec.values.end(), value) == spec.values.end()) {
        return Bad(spec, value, fmt::format("expected one of {}", fmt::join(spec.values, ", ")));
      }
      return Status::OK();
    case ParamKind::kTicker:
      if (!paths::IsValidTicker(value)) {
        return Bad(spec, value, "not a ticker (1-15 letters, digits or . - _ ^)");
      }
      return Status::OK();
    case ParamKind::kPrefix:
      if (!value.empty() && !paths::IsValidTicker(value)) {
        return Bad(spec, value, "not the start of a ticker (letters, digits or . - _ ^)");
      }
      return Status::OK();
    case ParamKind::kId:
      // Never '.' first: no "..", and run folders being written are named ".staging-...".
      if (value.size() > kMaxIdChars || value[0] == '.' || !std::all_of(value.begin(), value.end(), IsIdChar)) {
        return Bad(spec, value, "not an ID (1-128 letters, digits or . _ -, not starting with .)");
      }
      return Status::OK();
    case ParamKind::kList: {
      std::set<std::string> seen;
      for (const std::string& item : SplitList(value)) {
        if (std::find(spec.values.begin(), spec.values.end(), item) == spec.values.end()) {
          return Bad(spec, value, fmt::format("'{}' is not one of {}", Printable(item), fmt::join(spec.values, ", ")));
        }
        if (!seen.insert(item).second) return Bad(spec, value, fmt::format("'{}' is listed twice", item));
      }
      return Status::OK();
    }
  }
  return Status::Internal("unknown parameter kind");
}

}  // namespace

std::string Printable(std::string_view text, size_t max_chars) {
  std::string out;
  for (char c : text.substr(0, max_chars)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > max_chars) out += "...";
  return out;
}

ParamSpec IntParam(std::string name, int64_t min, int64_t max, int64_t default_value, std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kInt;
  p.description = std::move(description);
  p.min = min;
  p.max = max;
  p.default_int = default_value;
  return p;
}

ParamSpec LimitParam(int64_t default_limit, int64_t max_limit) {
  return IntParam("limit", 0, max_limit, default_limit, "Items per page");
}

ParamSpec OffsetParam() { return IntParam("offset", 0, 100'000'000, 0, "Items to skip"); }

ParamSpec DateParam(std::string name, std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kDate;
  p.description = std::move(description);
  return p;
}

ParamSpec IdParam(std::string name, ParamIn in, std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kId;
  p.in = in;
  p.description = std::move(description);
  return p;
}

ParamSpec TickerPathParam() {
  ParamSpec p;
  p.name = "ticker";
  p.kind = ParamKind::kTicker;
  p.in = ParamIn::kPath;
  p.description = "Ticker symbol";
  return p;
}

ParamSpec EnumParam(std::string name, std::vector<std::string> values, std::string default_value,
                    std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kEnum;
  p.values = std::move(values);
  p.default_text = std::move(default_value);
  p.description = std::move(description);
  return p;
}

ParamSpec ListParam(std::string name, std::vector<std::string> values, std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kList;
  p.values = std::move(values);
  p.description = std::move(description);
  return p;
}

ParamSpec PrefixParam(std::string name, std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kPrefix;
  p.description = std::move(description);
  return p;
}

const ParamSpec* Params::Spec(std::string_view name) const {
  for (const ParamSpec& s : *specs_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

int64_t Params::Int(std::string_view name) const {
  const auto it = text_.find(name);
  if (it == text_.end()) {
    const ParamSpec* spec = Spec(name);
    return spec != nullptr && spec->default_int ? *spec->default_int : 0;
  }
  int64_t v = 0;
  std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);  // validated by ParseParams
  return v;
}

std::optional<DateDays> Params::Date(std::string_view name) const {
  const auto it = text_.find(name);
  if (it == text_.end()) return std::nullopt;
  Result<DateDays> date = ParseDate(it->second);
  if (!date.ok()) return std::nullopt;
  return *date;
}

std::string Params::Text(std::string_view name) const {
  const auto it = text_.find(name);
  if (it != text_.end()) return it->second;
  const ParamSpec* spec = Spec(name);
  return spec != nullptr ? spec->default_text : "";
}

std::vector<std::string> Params::List(std::string_view name) const {
  const auto it = text_.find(name);
  if (it == text_.end()) return {};
  return SplitList(it->second);
}

Result<Params> ParseParams(const std::vector<ParamSpec>& specs, const std::multimap<std::string, std::string>& query,
                           const std::map<std::string, std::string>& path) {
  Params params;
  params.specs_ = &specs;
  auto find = [&](const std::string& name, ParamIn in) -> const ParamSpec* {
    for (const ParamSpec& s : specs) {
      if (s.name == name && s.in == in) return &s;
    }
    return nullptr;
  };
  for (const auto& [name, value] : path) {
    const ParamSpec* spec = find(name, ParamIn::kPath);
    if (spec == nullptr) return Status::Internal(fmt::format("path segment '{}' has no spec", name));
    QTP_RETURN_IF_ERROR(Check(*spec, value));
    params.text_[name] = value;
  }
  for (const auto& [name, value] : query) {
    const ParamSpec* spec = find(name, ParamIn::kQuery);
    if (spec == nullptr) {
      std::vector<std::string> known;
      for (const ParamSpec& s : specs) {
        if (s.in == ParamIn::kQuery) known.push_back(s.name);
      }
      return Status::InvalidArgument(fmt::format("unknown parameter '{}' ({})", Printable(name),
                                                 known.empty()
                                                     ? std::string("this endpoint takes none")
                                                     : fmt::format("this endpoint takes {}", fmt::join(known, ", "))));
    }
    if (params.Has(name)) return Status::InvalidArgument(fmt::format("parameter '{}' is given twice", name));
    QTP_RETURN_IF_ERROR(Check(*spec, value));
    params.text_[name] = value;
  }
  return params;
}

}  // namespace qtp::serve
