// The parameters an endpoint takes, declared once (params and path segments, their kinds, ranges
// and defaults) and used twice: to validate every request (anything undeclared, malformed or out
// of range is a 400 naming the parameter) and to write the OpenAPI document.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp::serve {

enum class ParamKind {
  kDate,    // YYYY-MM-DD, a real calendar day
  kInt,     // decimal integer in [min, max]
  kEnum,    // one of `values`
  kTicker,  // a ticker's syntax (paths::IsValidTicker)
  kPrefix,  // the start of a ticker (may be empty: everything)
  kId,      // a model or run ID: letters, digits and . _ - (1-128 characters)
  kList,    // comma-separated members of `values`, each at most once
};

enum class ParamIn { kQuery, kPath };

struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::kId;
  ParamIn in = ParamIn::kQuery;
  std::string description;
  int64_t min = 0;  // kInt
  int64_t max = 0;
  std::optional<int64_t> default_int;  // kInt: the value when absent
  std::string default_text;            // kEnum: the value when absent
  std::vector<std::string> values;     // kEnum, kList
};

// kInt in [min, max], `default_value` when absent.
ParamSpec IntParam(std::string name, int64_t min, int64_t max, int64_t default_value, std::string description);
ParamSpec LimitParam(int64_t default_limit, int64_t max_limit);
ParamSpec OffsetParam();
ParamSpec DateParam(std::string name, std::string description);
ParamSpec IdParam(std::string name, ParamIn in, std::string description);
ParamSpec TickerPathParam();
ParamSpec EnumParam(std::string name, std::vector<std::string> values, std::string default_value,
                    std::string description);
ParamSpec ListParam(std::string name, std::vector<std::string> values, std::string description);
ParamSpec PrefixParam(std::string name, std::string description);

// A request's parameters, every one validated against its spec.
class Params {
 public:
  bool Has(std::string_view name) const { return text_.find(name) != text_.end(); }
  // kInt: the value, or the spec's default when absent.
  int64_t Int(std::string_view name) const;
  std::optional<DateDays> Date(std::string_view name) const;
  // kEnum: the value or its default; other kinds: the text, "" when absent.
  std::string Text(std::string_view name) const;
  // kList: the members in request order; empty when absent.
  std::vector<std::string> List(std::string_view name) const;

 private:
  friend Result<Params> ParseParams(const std::vector<ParamSpec>& specs,
                                    const std::multimap<std::string, std::string>& query,
                                    const std::map<std::string, std::string>& path);
  const ParamSpec* Spec(std::string_view name) const;
  const std::vector<ParamSpec>* specs_ = nullptr;  // the route's, which outlives its requests
  std::map<std::string, std::string, std::less<>> text_;
};

// Validates `query` (name → value, as decoded from the URL) and `path` (segment name → value)
// against `specs`, which must outlive the Params. InvalidArgument names the first bad parameter: unknown name, given
// twice, empty where a value is needed, too long, malformed or out of range.
Result<Params> ParseParams(const std::vector<ParamSpec>& specs, const std::multimap<std::string, std::string>& query,
                           const std::map<std::string, std::string>& path);

// `text` cut to `max_chars` with every byte outside printable ASCII as '?': safe to echo in a message.
std::string Printable(std::string_view text, size_t max_chars = 40);

}  // namespace qtp::serve
