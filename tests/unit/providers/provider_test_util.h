// What the connector tests (alpaca_test.cpp, ibkr_test.cpp, yahoo_test.cpp, alpha_vantage_test.cpp,
// fmp_test.cpp) share: dates and instants, the recorded replies of ../shared, fetchers that record or
// can what a connector asks, the fake server + DirectFetcher setup of a Pull test, and checks of pulled
// bars against the fake server's market.
#pragma once

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/bars.h"
#include "qtp/core/time.h"
#include "qtp/data/providers/provider.h"
#include "test_util/direct_fetcher.h"
#include "test_util/fake_provider_server.h"

// Inline, so that the tests (in qtp::providers, like the connectors) use these names unqualified; the header is
// for test binaries only.
namespace qtp::providers {
inline namespace testutil {

// --- dates and instants ----------------------------------------------------------------------------

inline DateDays D(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }
inline DateDays Date(const char* text) { return *ParseDate(text); }  // "YYYY-MM-DD"
inline TimestampUs Utc(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  return static_cast<TimestampUs>(D(y, m, d)) * kMicrosPerDay + (hh * 3600 + mm * 60 + ss) * kMicrosPerSecond;
}

inline PullRequest Request(const std::string& ticker, DateDays first, DateDays last, DateDays today,
                           Interval interval = Interval::k5Min) {
  PullRequest request;
  request.ticker = ticker;
  request.first = first;
  request.last = last;
  request.interval = interval;
  request.today = today;
  return request;
}
inline PullRequest Request(const std::string& ticker, const char* first, const char* last, const char* today,
                           Interval interval = Interval::k5Min) {
  return Request(ticker, Date(first), Date(last), Date(today), interval);
}

// --- recorded replies ------------------------------------------------------------------------------

// shared/data/api_fixtures/<folder>/<name> (see its PROVENANCE.md).
inline std::string FixturePath(const std::string& folder, const std::string& name) {
  return std::string(QTP_SHARED_DATA_DIR) + "/api_fixtures/" + folder + "/" + name;
}

// The file's bytes; nullopt when it is absent (../shared is not checked out).
inline std::optional<std::string> ReadFixture(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// const std::string var = the fixture at `path`, or the test is skipped saying which file is absent.
#define QTP_FIXTURE_OR_SKIP(var, path)                                                               \
  const std::string var##_path = (path);                                                             \
  const std::optional<std::string> var##_read = ::qtp::providers::testutil::ReadFixture(var##_path); \
  if (!var##_read) GTEST_SKIP() << "shared fixture absent: " << var##_path << " (needs ../shared)";  \
  const std::string& var = *var##_read

// --- fetchers --------------------------------------------------------------------------------------

// The plain fetcher, keeping every request as asked (cacheable flag, headers).
class RecordingFetcher : public qtp::testing::DirectFetcher {
 public:
  Status Get(const HttpRequest& request, const AcceptBody& accept) override {
    requests.push_back(request);
    return DirectFetcher::Get(request, accept);
  }
  std::vector<HttpRequest> requests;
};

// Answers every Get with one canned body (no server), keeping the requests.
class CannedFetcher : public Fetcher {
 public:
  explicit CannedFetcher(std::string body) : body_(std::move(body)) {}
  Status Get(const HttpRequest& request, const AcceptBody& accept) override {
    requests.push_back(request);
    return accept(body_);
  }
  std::vector<HttpRequest> requests;

 private:
  std::string body_;
};

// The setup of a Pull test: a fake server, a connector P on it and a DirectFetcher. P is built from the
// server's base URL + `path` and then `args` (credentials), e.g. FakePull<FmpProvider>("", kFmpKey).
template <typename P>
struct FakePull {
  template <typename... Args>
  explicit FakePull(const std::string& path, Args&&... args)
      : provider(server.base_url() + path, std::forward<Args>(args)...) {}
  Result<PullResult> Pull(const PullRequest& request) { return provider.Pull(request, fetcher); }

  qtp::testing::FakeProviderServer server;
  P provider;
  qtp::testing::DirectFetcher fetcher;
};

// --- checks ----------------------------------------------------------------------------------------

namespace internal {
inline TimestampUs KeyOf(const Bars5m& bars, size_t i) { return bars.ts[i]; }
inline DateDays KeyOf(const Bars1d& bars, size_t i) { return bars.date[i]; }
inline TimestampUs KeyOf(const qtp::testing::FakeBar& bar) { return bar.start_utc; }
inline DateDays KeyOf(const qtp::testing::FakeDailyBar& bar) { return bar.date; }
inline std::string KeyText(TimestampUs ts) { return FormatTimestampUtc(ts); }
inline std::string KeyText(DateDays date) { return FormatDate(date); }
}  // namespace internal

// Row by row, the pulled bars (Bars5m or Bars1d) are the fake market's (FakeBars5m or FakeBars1d): the
// same start instants or exchange dates in the same order, the same prices, the volume within
// `volume_tolerance` (IB's volumeFactor round trip), and `source` on each.
template <typename Bars, typename MarketBar>
::testing::AssertionResult BarsMatchMarket(const Bars& bars, const std::vector<MarketBar>& market,
                                           const std::string& source, double volume_tolerance = 0) {
  using internal::KeyOf;
  if (bars.size() != market.size()) {
    return ::testing::AssertionFailure() << bars.size() << " bars pulled, the market has " << market.size();
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const MarketBar& m = market[i];
    const char* wrong = KeyOf(bars, i) != KeyOf(m)                                    ? "time"
                        : bars.open[i] != m.open                                      ? "open"
                        : bars.high[i] != m.high                                      ? "high"
                        : bars.low[i] != m.low                                        ? "low"
                        : bars.close[i] != m.close                                    ? "close"
                        : !(std::fabs(bars.volume[i] - m.volume) <= volume_tolerance) ? "volume"
                        : bars.source[i] != source                                    ? "source"
                                                                                      : nullptr;
    if (wrong) {
      return ::testing::AssertionFailure()
             << "bar " << i << " (" << internal::KeyText(KeyOf(m)) << ") has another " << wrong << ": pulled "
             << internal::KeyText(KeyOf(bars, i)) << " o=" << bars.open[i] << " h=" << bars.high[i]
             << " l=" << bars.low[i] << " c=" << bars.close[i] << " v=" << bars.volume[i] << " source '"
             << bars.source[i] << "', market o=" << m.open << " h=" << m.high << " l=" << m.low << " c=" << m.close
             << " v=" << m.volume;
    }
  }
  return ::testing::AssertionSuccess();
}

// Every regular-session bar exactly once: no start instant inside the session twice, and
// `expected_count` of them (78 a full day).
inline ::testing::AssertionResult EachRegularSessionBarOnce(const std::vector<TimestampUs>& starts,
                                                            size_t expected_count) {
  std::set<TimestampUs> regular;
  for (TimestampUs ts : starts) {
    if (!NyseCalendar::Get().IsRegularSessionBar(ts)) continue;
    if (!regular.insert(ts).second) return ::testing::AssertionFailure() << FormatTimestampUtc(ts) << " twice";
  }
  if (regular.size() != expected_count) {
    return ::testing::AssertionFailure() << regular.size() << " regular-session bars, expected " << expected_count;
  }
  return ::testing::AssertionSuccess();
}

// A body a parser must refuse, and a part of the message the refusal must carry ("" = any).
struct MalformedCase {
  std::string body;
  std::string expected;
};

// parse(body) (std::string_view → Result<...>) refuses the body as malformed: InvalidArgument with a
// message that starts with "<provider>: " and contains `expected`.
template <typename Parse>
::testing::AssertionResult RefusedAsMalformed(Parse parse, const MalformedCase& c, const std::string& provider) {
  const auto result = parse(std::string_view(c.body));
  if (result.ok()) return ::testing::AssertionFailure() << "accepted: " << c.body;
  const Status status = result.status();
  const std::string& message = status.message();
  if (status.code() != StatusCode::kInvalidArgument || message.rfind(provider + ": ", 0) != 0 ||
      message.find(c.expected) == std::string::npos) {
    return ::testing::AssertionFailure() << c.body << " → " << status.ToString() << " (expected InvalidArgument '"
                                         << provider << ": ...', containing '" << c.expected << "')";
  }
  return ::testing::AssertionSuccess();
}

// The request carries each of `expected` query parameters with that value.
inline ::testing::AssertionResult HasParams(const qtp::testing::LoggedRequest& request,
                                            const std::map<std::string, std::string>& expected) {
  std::ostringstream wrong;
  for (const auto& [key, value] : expected) {
    auto it = request.params.find(key);
    if (it == request.params.end()) {
      wrong << " " << key << " is absent (expected '" << value << "');";
    } else if (it->second != value) {
      wrong << " " << key << "='" << it->second << "' (expected '" << value << "');";
    }
  }
  if (wrong.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << request.path << "?" << request.query << ":" << wrong.str();
}

}  // namespace testutil
}  // namespace qtp::providers
