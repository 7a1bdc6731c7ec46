#include "qtp/data/providers/polite_fetcher.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <thread>

#include <curl/curl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "qtp/data/providers/wire_format.h"

namespace qtp::providers {

namespace {

bool IsSecretParam(std::string_view text) {
  const std::string name = Lower(text);
  return name == "apikey" || name == "api_key" || name == "token" || name == "access_token" || name == "secret" ||
         name == "key" || name == "api_token";
}

// Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
std::optional<int64_t> RetryAfterSeconds(const HttpResponse& response) {
  auto it = response.headers.find("retry-after");
  if (it == response.headers.end() || it->second.empty()) return std::nullopt;
  const std::string& value = it->second;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return value.size() > 9 ? int64_t{1000000000} : std::stoll(value);
  }
  const time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::max<int64_t>(0, static_cast<int64_t>(when) - UnixNow());
}

bool Retryable(StatusCode code) { return code == StatusCode::kRateLimited || code == StatusCode::kUnavailable; }

}  // namespace

FetchStats& FetchStats::operator+=(const FetchStats& o) {
  requests += o.requests;
  cache_hits += o.cache_hits;
  retries += o.retries;
  rate_limited += o.rate_limited;
  server_errors += o.server_errors;
  timeouts += o.timeouts;
  waited_ms += o.waited_ms;
  return *this;
}

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  // Query parameters: ?name=value&... up to the next '&', '#', space or quote.
  for (size_t at = text.find_first_of("?&"); at != std::string::npos; at = text.find_first_of("?&", at + 1)) {
    const size_t eq = text.find('=', at + 1);
    if (eq == std::string::npos) break;
    const std::string name = text.substr(at + 1, eq - at - 1);
    if (name.find_first_of("&?# \"'") != std::string::npos || !IsSecretParam(name)) continue;
    const size_t end = std::min(text.find_first_of("&# \"'", eq + 1), text.size());
    text.replace(eq + 1, end - eq - 1, "***");
  }
  return text;
}

PoliteFetcher::PoliteFetcher(std::string provider, const config::ProviderSettings& settings, HttpTransport& transport,
                             ApiUsageLedger& ledger, TokenBucket& system_bucket, const ResponseCache& cache,
                             std::vector<std::string> secrets, FetcherClock clock)
    : provider_(std::move(provider)),
      settings_(settings),
      transport_(transport),
      ledger_(ledger),
      system_bucket_(system_bucket),
      cache_(cache),
      secrets_(std::move(secrets)),
      clock_(std::move(clock)),
      provider_bucket_(settings.rate_limit_per_minute, 0, clock_.now,
                       [this](std::chrono::milliseconds ms) { Sleep(ms); }),
      rng_(clock_.jitter_seed != 0 ? clock_.jitter_seed : std::random_device{}()) {}

std::string PoliteFetcher::Excerpt(const std::string& body) const {
  // Redacted whole before it is cut, so a secret straddling the cut cannot leak in part.
  return PrintableSnippet(Redact(body, secrets_), 200);
}

void PoliteFetcher::Sleep(std::chrono::milliseconds ms) {
  stats_.waited_ms += ms.count();
  if (clock_.sleep) {
    clock_.sleep(ms);
  } else {
    std::this_thread::sleep_for(ms);
  }
}

Status PoliteFetcher::Get(const HttpRequest& request, const AcceptBody& accept) {
  const std::string shown_url = Redact(request.url, secrets_);
  if (request.cacheable) {
    if (std::optional<std::string> cached = cache_.Lookup(provider_, shown_url)) {
      if (accept(*cached).ok()) {
        ++stats_.cache_hits;
        return Status::OK();
      }
      cache_.Drop(provider_, shown_url);  // e.g. written by an older parser: fetch it again
    }
  }
  Status last;
  for (int attempt = 0;; ++attempt) {
    QTP_RETURN_IF_ERROR(ledger_.Reserve(provider_, settings_.max_calls_per_day));
    provider_bucket_.Acquire();
    if (const std::chrono::milliseconds waited = system_bucket_.Acquire(); waited.count() > 0) {
      stats_.waited_ms += waited.count();
    }
    ++stats_.requests;
    spdlog::debug("{}: GET {}", provider_, shown_url);
    Result<HttpResponse> reply = transport_.Get(request.url, request.headers, settings_.timeout_ms);
    std::optional<int64_t> retry_after;
    if (!reply.ok()) {
      ++stats_.timeouts;
      last = Status(reply.status().code(), Redact(reply.status().message(), secrets_));
    } else if (reply->status == 200) {
      Status accepted = accept(reply->body);
      if (accepted.ok()) {
        if (request.cacheable) {
          if (Status stored = cache_.Store(provider_, shown_url, reply->body); !stored.ok()) {
            spdlog::warn("{}: could not cache a reply: {}", provider_, stored.ToString());
          }
        }
        return Status::OK();
      }
      last = Status(accepted.code(), Redact(accepted.message(), secrets_));
      if (!Retryable(accepted.code())) return last.WithContext(fmt::format("GET {}", shown_url));
      ++stats_.rate_limited;
    } else if (reply->status == 429) {
      ++stats_.rate_limited;
      retry_after = RetryAfterSeconds(*reply);
      last = Status::RateLimited(fmt::format("HTTP 429 (rate limited){}: {}",
                                             retry_after ? fmt::format(", Retry-After {} s", *retry_after) : "",
                                             Excerpt(reply->body)));
      if (retry_after && *retry_after > kMaxRetryAfterSeconds) {
        return last.WithContext(fmt::format("{}: GET {}: gave up (the wait is longer than {} s)", provider_, shown_url,
                                            kMaxRetryAfterSeconds));
      }
    } else if (reply->status >= 500) {
      ++stats_.server_errors;
      last = Status::Unavailable(fmt::format("HTTP {}: {}", reply->status, Excerpt(reply->body)));
    } else {
      const std::string what = reply->status == 401 || reply->status == 403 ? " (credentials rejected)" : "";
      const std::string message =
          fmt::format("{}: GET {}: HTTP {}{}: {}", provider_, shown_url, reply->status, what, Excerpt(reply->body));
      return reply->status == 404 ? Status::NotFound(message) : Status::InvalidArgument(message);
    }
    if (attempt >= settings_.max_retries) {
      return last.WithContext(
          fmt::format("{}: GET {}: gave up after {} attempt(s)", provider_, shown_url, attempt + 1));
    }
    ++stats_.retries;
    const double jitter = std::uniform_real_distribution<double>(0.5, 1.5)(rng_);
    const double backoff_ms = std::min(60000.0, settings_.backoff_base_ms * std::ldexp(1.0, attempt) * jitter);
    const auto wait =
        std::chrono::milliseconds(retry_after ? *retry_after * 1000 : static_cast<int64_t>(std::llround(backoff_ms)));
    spdlog::warn("{}: {} on GET {}; retry {}/{} in {:.1f} s", provider_, last.message(), shown_url, attempt + 1,
                 settings_.max_retries, wait.count() / 1000.0);
    Sleep(wait);
  }
}

}  // namespace qtp::providers
