#include "qtp/serve/json_text.h"

#include <charconv>
#include <cmath>

namespace qtp::serve {

Json Number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json ValueFromText(const std::string& text, bool numeric) {
  if (text == "NULL") return nullptr;
  if (!numeric) return text;
  const char* first = text.data();
  const char* last = first + text.size();
  int64_t integer = 0;
  if (auto [ptr, ec] = std::from_chars(first, last, integer); ec == std::errc{} && ptr == last) return integer;
  double real = 0;
  if (auto [ptr, ec] = std::from_chars(first, last, real); ec == std::errc{} && ptr == last) return Number(real);
  return nullptr;  // "inf", "nan" or a type the API does not select
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string Quoted(std::string_view text) { return Dump(Json(std::string(text))); }

Json PageJson(Json fields, const Page& page, Json items) {
  Json out = std::move(fields);
  if (!out.is_object()) out = Json::object();
  out["total"] = page.total;
  out["limit"] = page.limit;
  out["offset"] = page.offset;
  out["items"] = std::move(items);
  return out;
}

std::pair<size_t, size_t> PageRange(size_t size, const Page& page) {
  const size_t first = std::min(size, static_cast<size_t>(std::max<int64_t>(0, page.offset)));
  const size_t last = std::min(size, first + static_cast<size_t>(std::max<int64_t>(0, page.limit)));
  return {first, last};
}

}  // namespace qtp::serve
