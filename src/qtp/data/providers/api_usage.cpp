#include "qtp/data/providers/api_usage.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/core/file_util.h"

namespace qtp::providers {

namespace {
constexpr int64_t kDaySeconds = 24 * 3600;
}  // namespace

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Result<ApiUsageLedger> ApiUsageLedger::Open(std::string path, int64_t system_calls_per_day, WallSeconds now) {
  ApiUsageLedger ledger(std::move(path), system_calls_per_day, std::move(now));
  if (ledger.path_.empty() || !std::filesystem::exists(ledger.path_)) return ledger;
  QTP_ASSIGN_OR_RETURN(std::string text, ReadFile(ledger.path_));
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto corrupt = [&](const std::string& what) {
    return Status::Corruption(
        fmt::format("{}: not an API usage ledger ({}; expected {{\"calls\": {{provider: [[unix "
                    "minute, calls], ...]}}}}); delete it to start counting afresh",
                    ledger.path_, what));
  };
  if (!doc.is_object() || !doc.contains("calls") || !doc["calls"].is_object()) return corrupt("no calls object");
  for (const auto& [provider, buckets] : doc["calls"].items()) {
    if (!buckets.is_array()) return corrupt("calls." + provider + " is not a list");
    std::vector<MinuteCount>& out = ledger.calls_[provider];
    for (const nlohmann::json& b : buckets) {
      if (!b.is_array() || b.size() != 2 || !b[0].is_number_integer() || !b[1].is_number_integer()) {
        return corrupt("calls." + provider + " holds an entry that is not [minute, calls]");
      }
      out.push_back({b[0].get<int64_t>(), b[1].get<int64_t>()});
    }
    std::sort(out.begin(), out.end(), [](const MinuteCount& a, const MinuteCount& b) { return a.minute < b.minute; });
  }
  ledger.Expire(ledger.now_());
  return ledger;
}

void ApiUsageLedger::Expire(int64_t now) {
  // A minute's bucket leaves once all of that minute is more than 24 h old.
  const auto recent = [&](const MinuteCount& b) { return (b.minute + 1) * 60 > now - kDaySeconds; };
  for (auto& [provider, buckets] : calls_) {
    buckets.erase(buckets.begin(), std::find_if(buckets.begin(), buckets.end(), recent));
  }
}

int64_t ApiUsageLedger::CallsLastDay(const std::string& provider) const {
  int64_t total = 0;
  for (const auto& [name, buckets] : calls_) {
    if (!provider.empty() && name != provider) continue;
    for (const MinuteCount& b : buckets) total += b.calls;
  }
  return total;
}

Status ApiUsageLedger::Reserve(const std::string& provider, int64_t provider_calls_per_day) {
  const int64_t now = now_();
  Expire(now);
  // When the oldest counted call leaves the window, in minutes from now.
  const auto wait_minutes = [&](const std::vector<MinuteCount>& buckets) {
    return buckets.empty() ? 0 : (buckets.front().minute + 1) * 60 + kDaySeconds - now + 59;
  };
  const auto refusal = [&](int64_t count, int64_t limit, const std::string& key, const char* file, int64_t wait_s) {
    return Status::LimitExceeded(fmt::format(
        "API call budget spent: {} calls in the last 24 h, {} = {} in {}; the next call is allowed in {} min "
        "(what is already stored is kept; re-run then, or raise the limit)",
        count, key, limit, file, wait_s / 60));
  };
  const std::vector<MinuteCount>& mine = calls_[provider];
  const int64_t my_calls = CallsLastDay(provider);
  if (provider_calls_per_day > 0 && my_calls >= provider_calls_per_day) {
    return refusal(my_calls, provider_calls_per_day, provider + ".max_calls_per_day", "config/data_sources.yaml",
                   wait_minutes(mine));
  }
  const int64_t total = CallsLastDay("");
  if (system_per_day_ > 0 && total >= system_per_day_) {
    int64_t wait = kDaySeconds;
    for (const auto& [name, buckets] : calls_) {
      if (!buckets.empty()) wait = std::min(wait, wait_minutes(buckets));
    }
    return refusal(total, system_per_day_, "api_calls_per_day", "config/system_limits.yaml", wait);
  }
  std::vector<MinuteCount>& buckets = calls_[provider];
  const int64_t minute = now / 60;
  if (!buckets.empty() && buckets.back().minute == minute) {
    ++buckets.back().calls;
  } else {
    buckets.push_back({minute, 1});
  }
  return Save();
}

Status ApiUsageLedger::Save() const {
  if (path_.empty()) return Status::OK();
  nlohmann::ordered_json doc;
  doc["note"] = "API calls of the last 24 h: per provider, [Unix minute, calls]; counted against the daily budgets";
  doc["calls"] = nlohmann::ordered_json::object();
  for (const auto& [provider, buckets] : calls_) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const MinuteCount& b : buckets) list.push_back({b.minute, b.calls});
    doc["calls"][provider] = list;
  }
  // Not fsynced: after a power loss the ledger may miss the last calls, a small under-count, while an
  // fsync per request would dominate a pull's CPU.
  return ReplaceFile(path_, doc.dump() + "\n");
}

}  // namespace qtp::providers
