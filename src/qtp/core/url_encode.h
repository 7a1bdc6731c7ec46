// Percent-encoding of a URL component (RFC 3986 unreserved characters kept).
#pragma once

#include <string>
#include <string_view>

namespace qtp {

std::string UrlEncode(std::string_view text);

}  // namespace qtp
