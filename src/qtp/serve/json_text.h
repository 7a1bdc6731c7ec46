// JSON pieces of the API's answers: numbers that JSON can hold, query text turned into JSON values,
// the page envelope every list shares, and a dump that never throws on odd bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace qtp::serve {

using Json = nlohmann::ordered_json;

// A finite double as a number, NaN and ±inf as null (JSON has neither; docs/api.md).
Json Number(double v);
// A value of a query row (DuckDB's text, "NULL" for NULL): numeric columns become JSON numbers
// (null when not finite), the others strings.
Json ValueFromText(const std::string& text, bool numeric);
// Compact JSON; invalid UTF-8 in a string (a request's bytes echoed in a message) is replaced,
// never thrown about.
std::string Dump(const Json& j);
// `text` as a JSON string literal, quotes included.
std::string Quoted(std::string_view text);

// What a paginated list carries besides its items.
struct Page {
  int64_t total = 0;
  int64_t limit = 0;
  int64_t offset = 0;
};
// {<fields...>, "total", "limit", "offset", "items": items}: `fields` (an object) comes first.
Json PageJson(Json fields, const Page& page, Json items);
// The slice [offset, offset + limit) of `size` elements, clamped: {first, last}.
std::pair<size_t, size_t> PageRange(size_t size, const Page& page);

}  // namespace qtp::serve
