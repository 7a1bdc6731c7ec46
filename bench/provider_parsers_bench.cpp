// The providers' reply parsers on synthetic replies of realistic size, in each provider's wire shape
// (the shapes the connectors' headers and the fake server in tests/test_util/fake_*.cpp document):
//   - Alpaca: one full page (limit=10000) of 5-minute bars, compact JSON, keys c,h,l,n,o,t,v,vw.
//   - Alpha Vantage: one month=YYYY-MM reply, 21 trading days x 192 bars (04:00-20:00 ET, extended
//     hours), pretty-printed, newest first, values as 4-decimal strings.
//   - FMP: one month of 5-minute bars (21 days x 78 regular-session bars, what /historical-chart/5min
//     serves without extended=true), Jackson-style pretty print ("key" : value), newest first.
//   - Yahoo: 60 calendar days of 5-minute bars (its intraday limit), includePrePost=false, compact
//     JSON with parallel quote arrays of float32-widened doubles (129.0399932861328).
// bytes/s is reply bytes parsed per second, items/s bars per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/time.h"
#include "qtp/data/providers/alpaca.h"
#include "qtp/data/providers/alpha_vantage.h"
#include "qtp/data/providers/fmp.h"
#include "qtp/data/providers/yahoo.h"

namespace {

using qtp::DateDays;
using qtp::NyseCalendar;
using qtp::TimestampUs;

// A deterministic random walk, so every run parses the same bytes.
class Walk {
 public:
  explicit Walk(double start) : price_(start) {}
  double Unit() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) / static_cast<double>(1ULL << 53);
  }
  struct Ohlcv {
    double open, high, low, close, volume;
  };
  // Prices rounded to `decimals`.
  Ohlcv Next(int decimals) {
    const double scale = decimals == 2 ? 100.0 : (decimals == 3 ? 1000.0 : 10000.0);
    auto round = [scale](double x) { return static_cast<double>(static_cast<int64_t>(x * scale + 0.5)) / scale; };
    const double open = round(price_);
    price_ *= 1.0 + 0.002 * (Unit() - 0.5);
    const double close = round(price_);
    const double high = round(std::max(open, close) * (1.0 + 0.001 * Unit()));
    const double low = round(std::min(open, close) * (1.0 - 0.001 * Unit()));
    return {open, high, low, close, static_cast<double>(static_cast<int64_t>(100 + 50000 * Unit()))};
  }

 private:
  double price_;
  uint64_t state_ = 0x853c49e6748fea9bULL;
};

// Bar starts (UTC) from `first_minute` to `end_minute` (New York wall clock, exclusive) on each trading day.
std::vector<TimestampUs> BarStarts(DateDays first, DateDays last, int first_minute, int end_minute) {
  std::vector<TimestampUs> starts;
  for (DateDays day : NyseCalendar::Get().TradingDays(first, last)) {
    for (int m = first_minute; m < end_minute; m += 5) starts.push_back(NyseCalendar::ExchangeTimeToUtc(day, m));
  }
  return starts;
}

std::string EasternWallClock(TimestampUs ts) {
  const qtp::CivilDate d = qtp::CivilFromDays(NyseCalendar::ExchangeDate(ts));
  const int minute = NyseCalendar::ExchangeMinuteOfDay(ts);
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:00", d.year, d.month, d.day, minute / 60, minute % 60);
}

// Alpaca: the first 10,000 extended-hours bars from 2024-01-02, one page with a next_page_token.
std::string AlpacaPage(size_t* bars) {
  std::vector<TimestampUs> starts =
      BarStarts(qtp::DaysFromCivil(2024, 1, 2), qtp::DaysFromCivil(2024, 6, 28), 4 * 60, 20 * 60);
  starts.resize(qtp::providers::AlpacaProvider::kPageLimit);
  Walk walk(70.0);
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "{{\"bars\":[");
  for (size_t i = 0; i < starts.size(); ++i) {
    const Walk::Ohlcv b = walk.Next(3);
    const double vw = static_cast<double>(static_cast<int64_t>((b.high + b.low + b.close) / 3.0 * 1e6)) / 1e6;
    fmt::format_to(std::back_inserter(out),
                   "{}{{\"c\":{},\"h\":{},\"l\":{},\"n\":{},\"o\":{},\"t\":\"{}\",\"v\":{},\"vw\":{}}}",
                   i == 0 ? "" : ",", b.close, b.high, b.low, static_cast<int64_t>(1 + b.volume / 150), b.open,
                   qtp::FormatTimestampUtc(starts[i]), static_cast<int64_t>(b.volume), vw);
  }
  fmt::format_to(std::back_inserter(out),
                 "],\"next_page_token\":\"S098TXwxNzE5MzQ0MjAwMDAwMDAwMDAw\",\"symbol\":\"KO\"}}");
  *bars = starts.size();
  return fmt::to_string(out);
}

// Alpha Vantage: TIME_SERIES_INTRADAY month=2024-01 (21 trading days), extended hours, newest first.
std::string AlphaVantageMonth(size_t* bars) {
  const std::vector<TimestampUs> starts =
      BarStarts(qtp::DaysFromCivil(2024, 1, 1), qtp::DaysFromCivil(2024, 1, 31), 4 * 60, 20 * 60);
  Walk walk(370.0);
  std::vector<Walk::Ohlcv> values;
  for (size_t i = 0; i < starts.size(); ++i) values.push_back(walk.Next(4));
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out),
                 "{{\n    \"Meta Data\": {{\n        \"1. Information\": \"Intraday (5min) open, high, low, close "
                 "prices and volume\",\n        \"2. Symbol\": \"IBM\",\n        \"3. Last Refreshed\": \"{}\",\n"
                 "        \"4. Interval\": \"5min\",\n        \"5. Output Size\": \"Full size\",\n        \"6. Time "
                 "Zone\": \"US/Eastern\"\n    }},\n    \"Time Series (5min)\": {{\n",
                 EasternWallClock(starts.back()));
  for (size_t k = starts.size(); k-- > 0;) {
    const Walk::Ohlcv& b = values[k];
    fmt::format_to(std::back_inserter(out),
                   "        \"{}\": {{\n            \"1. open\": \"{:.4f}\",\n            \"2. high\": \"{:.4f}\",\n"
                   "            \"3. low\": \"{:.4f}\",\n            \"4. close\": \"{:.4f}\",\n"
                   "            \"5. volume\": \"{:.0f}\"\n        }}{}\n",
                   EasternWallClock(starts[k]), b.open, b.high, b.low, b.close, b.volume, k == 0 ? "" : ",");
  }
  fmt::format_to(std::back_inserter(out), "    }}\n}}");
  *bars = starts.size();
  return fmt::to_string(out);
}

// FMP: /api/v3/historical-chart/5min for 2024-01 (21 trading days, regular session), newest first.
std::string FmpMonth(size_t* bars) {
  const std::vector<TimestampUs> starts = BarStarts(qtp::DaysFromCivil(2024, 1, 1), qtp::DaysFromCivil(2024, 1, 31),
                                                    NyseCalendar::kRegularOpenMinute, 16 * 60);
  Walk walk(185.0);
  std::vector<Walk::Ohlcv> values;
  for (size_t i = 0; i < starts.size(); ++i) values.push_back(walk.Next(2));
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "[ ");
  for (size_t k = starts.size(); k-- > 0;) {
    const Walk::Ohlcv& b = values[k];
    fmt::format_to(std::back_inserter(out),
                   "{{\n  \"date\" : \"{}\",\n  \"open\" : {},\n  \"low\" : {},\n  \"high\" : {},\n  \"close\" : {},\n"
                   "  \"volume\" : {}\n}}{}",
                   EasternWallClock(starts[k]), b.open, b.low, b.high, b.close, static_cast<int64_t>(b.volume),
                   k == 0 ? " ]" : ", ");
  }
  *bars = starts.size();
  return fmt::to_string(out);
}

// Yahoo: /v8/finance/chart 5m for the 60 calendar days 2024-04-30..2024-06-28, regular session.
std::string YahooChart60Days(size_t* bars) {
  const std::vector<TimestampUs> starts = BarStarts(qtp::DaysFromCivil(2024, 4, 30), qtp::DaysFromCivil(2024, 6, 28),
                                                    NyseCalendar::kRegularOpenMinute, 16 * 60);
  Walk walk(190.0);
  std::string ts, open, high, low, close, volume;
  for (size_t i = 0; i < starts.size(); ++i) {
    const Walk::Ohlcv b = walk.Next(4);
    const char* sep = i == 0 ? "" : ",";
    // Yahoo serves float32 prices widened to double.
    ts += fmt::format("{}{}", sep, starts[i] / qtp::kMicrosPerSecond);
    open += fmt::format("{}{}", sep, static_cast<double>(static_cast<float>(b.open)));
    high += fmt::format("{}{}", sep, static_cast<double>(static_cast<float>(b.high)));
    low += fmt::format("{}{}", sep, static_cast<double>(static_cast<float>(b.low)));
    close += fmt::format("{}{}", sep, static_cast<double>(static_cast<float>(b.close)));
    volume += fmt::format("{}{}", sep, static_cast<int64_t>(b.volume));
  }
  *bars = starts.size();
  return fmt::format(
      "{{\"chart\":{{\"result\":[{{\"meta\":{{\"currency\":\"USD\",\"symbol\":\"AAPL\",\"exchangeName\":\"NMS\","
      "\"fullExchangeName\":\"NasdaqGS\",\"instrumentType\":\"EQUITY\",\"firstTradeDate\":345479400,"
      "\"regularMarketTime\":1719604800,\"hasPrePostMarketData\":true,\"gmtoffset\":-14400,\"timezone\":\"EDT\","
      "\"exchangeTimezoneName\":\"America/New_York\",\"regularMarketPrice\":210.62,\"priceHint\":2,"
      "\"dataGranularity\":\"5m\",\"range\":\"\",\"validRanges\":[\"1d\",\"5d\",\"1mo\",\"3mo\",\"6mo\",\"1y\","
      "\"2y\",\"5y\",\"10y\",\"ytd\",\"max\"]}},\"timestamp\":[{}],\"indicators\":{{\"quote\":[{{\"close\":[{}],"
      "\"open\":[{}],\"volume\":[{}],\"high\":[{}],\"low\":[{}]}}]}}}}],\"error\":null}}}}",
      ts, close, open, volume, high, low);
}

// Runs `parse` over `body` once to check it parses to `bars` bars, then times it.
template <typename Parse, typename Count>
void RunParser(benchmark::State& state, const std::string& body, size_t bars, Parse parse, Count count) {
  {
    auto parsed = parse(body);
    if (!parsed.ok() || count(*parsed) != bars) {
      state.SkipWithError(parsed.ok() ? fmt::format("parsed {} bars, expected {}", count(*parsed), bars).c_str()
                                      : parsed.status().ToString().c_str());
      return;
    }
  }
  for (auto _ : state) {
    auto parsed = parse(body);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(bars));
  state.counters["bars"] = static_cast<double>(bars);
  state.counters["reply_KB"] = static_cast<double>(body.size()) / 1024.0;
}

void BM_ParseAlpacaBarsPage(benchmark::State& state) {
  size_t bars = 0;
  const std::string body = AlpacaPage(&bars);
  RunParser(
      state, body, bars, [](std::string_view b) { return qtp::providers::ParseAlpacaBarsPage(b); },
      [](const qtp::providers::AlpacaBarsPage& p) { return p.bars.size(); });
}
BENCHMARK(BM_ParseAlpacaBarsPage)->Unit(benchmark::kMillisecond);

void BM_ParseAlphaVantageIntraday(benchmark::State& state) {
  size_t bars = 0;
  const std::string body = AlphaVantageMonth(&bars);
  RunParser(
      state, body, bars, [](std::string_view b) { return qtp::providers::ParseAlphaVantageIntraday(b, 5); },
      [](const std::vector<qtp::Bar5m>& v) { return v.size(); });
}
BENCHMARK(BM_ParseAlphaVantageIntraday)->Unit(benchmark::kMillisecond);

void BM_ParseFmpIntraday(benchmark::State& state) {
  size_t bars = 0;
  const std::string body = FmpMonth(&bars);
  RunParser(
      state, body, bars, [](std::string_view b) { return qtp::providers::ParseFmpIntraday(b); },
      [](const std::vector<qtp::Bar5m>& v) { return v.size(); });
}
BENCHMARK(BM_ParseFmpIntraday)->Unit(benchmark::kMillisecond);

void BM_ParseYahooChart(benchmark::State& state) {
  size_t bars = 0;
  const std::string body = YahooChart60Days(&bars);
  RunParser(
      state, body, bars, [](std::string_view b) { return qtp::providers::ParseYahooChart(b); },
      [](const qtp::providers::YahooChart& c) { return c.timestamps.size(); });
}
BENCHMARK(BM_ParseYahooChart)->Unit(benchmark::kMillisecond);

}  // namespace
