#include "qtp/postgres/url.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "qtp/core/url_encode.h"

namespace qtp::pg {
namespace {

constexpr std::string_view kMask = "***";

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// Length of "postgresql://" or "postgres://" at the start of `conn`, 0 for a key/value string.
size_t UriSchemeLength(std::string_view conn) {
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (StartsWithNoCase(conn, scheme)) return scheme.size();
  }
  return 0;
}

struct Span {
  size_t begin = 0;
  size_t end = 0;
};

// The user info's password of a URI: what follows the first ':' before the LAST '@' (a password
// with an unencoded '@' or '/' is still covered whole).
std::optional<Span> UriPassword(std::string_view conn) {
  const size_t scheme = UriSchemeLength(conn);
  if (scheme == 0) return std::nullopt;
  const size_t at = conn.rfind('@');
  if (at == std::string_view::npos || at < scheme) return std::nullopt;
  const size_t colon = conn.find(':', scheme);
  if (colon == std::string_view::npos || colon > at) return std::nullopt;
  return Span{colon + 1, at};
}

// The value spans of every password= parameter: a URI query's (ends at '&' or '#') or a key/value
// string's (ends at white space, or is single-quoted with backslash escapes).
std::vector<Span> PasswordParameters(std::string_view conn) {
  std::vector<Span> spans;
  const bool uri = UriSchemeLength(conn) > 0;
  for (size_t i = 0; i < conn.size(); ++i) {
    const bool at_word_start =
        i == 0 || std::isspace(static_cast<unsigned char>(conn[i - 1])) || conn[i - 1] == '?' || conn[i - 1] == '&';
    if (!at_word_start || !StartsWithNoCase(conn.substr(i), "password")) continue;
    size_t j = i + 8;
    while (j < conn.size() && conn[j] == ' ') ++j;
    if (j >= conn.size() || conn[j] != '=') continue;
    ++j;
    while (!uri && j < conn.size() && conn[j] == ' ') ++j;
    Span value{j, j};
    if (!uri && j < conn.size() && conn[j] == '\'') {
      size_t k = j + 1;
      while (k < conn.size() && conn[k] != '\'') k += conn[k] == '\\' ? 2 : 1;
      value.end = std::min(k + 1, conn.size());
    } else {
      size_t k = j;
      while (k < conn.size() &&
             !(uri ? (conn[k] == '&' || conn[k] == '#') : std::isspace(static_cast<unsigned char>(conn[k])) != 0)) {
        ++k;
      }
      value.end = k;
    }
    spans.push_back(value);
    i = value.end;
  }
  return spans;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Unquote(std::string_view value) {
  if (value.size() < 2 || value.front() != '\'') return std::string(value);
  std::string out;
  for (size_t i = 1; i + 1 < value.size(); ++i) {
    if (value[i] == '\\' && i + 2 < value.size()) ++i;
    out += value[i];
  }
  return out;
}

void ReplaceAll(std::string& text, const std::string& needle) {
  if (needle.empty()) return;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + kMask.size())) {
    text.replace(pos, needle.size(), kMask);
  }
}

}  // namespace

std::string RedactConnectionString(std::string_view conn) {
  std::vector<Span> spans = PasswordParameters(conn);
  if (const auto user_info = UriPassword(conn)) spans.push_back(*user_info);
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::string out;
  size_t copied = 0;
  for (const Span& s : spans) {
    if (s.begin < copied) continue;  // nested in a span already masked
    out.append(conn.substr(copied, s.begin - copied));
    out += kMask;
    copied = s.end;
  }
  out.append(conn.substr(copied));
  return out;
}

std::string PasswordOf(std::string_view conn) {
  const bool uri = UriSchemeLength(conn) > 0;
  if (const auto user_info = UriPassword(conn)) {
    return PercentDecode(conn.substr(user_info->begin, user_info->end - user_info->begin));
  }
  const std::vector<Span> params = PasswordParameters(conn);
  if (params.empty()) return "";
  const std::string_view value = conn.substr(params.back().begin, params.back().end - params.back().begin);
  return uri ? PercentDecode(value) : Unquote(value);
}

std::string ScrubSecret(std::string text, const std::string& secret) {
  if (secret.size() < 4) return text;
  ReplaceAll(text, secret);
  ReplaceAll(text, UrlEncode(secret));
  return text;
}

}  // namespace qtp::pg
