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
  if (!doc.is_object() || !doc.contains("calls") || !doc["calls"].is_object()) {
    return Status::Corruption(fmt::format("{}: not an API usage ledger (expected {{\"calls\": {{provider: [unix "
                                          "seconds]}}}}); delete it to start counting afresh",
                                          ledger.path_));
  }
  for (const auto& [provider, times] : doc["calls"].items()) {
    if (!times.is_array()) return Status::Corruption(fmt::format("{}: calls.{} is not a list", ledger.path_, provider));
    std::vector<int64_t>& out = ledger.calls_[provider];
    for (const nlohmann::json& t : times) {
      if (!t.is_number_integer()) return Status::Corruption(fmt::format("{}: calls.{} holds a non-integer", ledger.path_, provider));
      out.push_back(t.get<int64_t>());
    }
    std::sort(out.begin(), out.end());
  }
  ledger.Expire(ledger.now_());
  return ledger;
}

void ApiUsageLedger::Expire(int64_t now) {
  for (auto& [provider, times] : calls_) {
    times.erase(times.begin(), std::lower_bound(times.begin(), times.end(), now - kDaySeconds + 1));
  }
}

int64_t ApiUsageLedger::CallsLastDay(const std::string& provider) const {
  int64_t total = 0;
  for (const auto& [name, times] : calls_) {
    if (provider.empty() || name == provider) total += static_cast<int64_t>(times.size());
  }
  return total;
}

Status ApiUsageLedger::Reserve(const std::string& provider, int64_t provider_calls_per_day) {
  const int64_t now = now_();
  Expire(now);
  const auto refusal = [&](int64_t count, int64_t limit, const std::string& key, const char* file, int64_t oldest) {
    return Status::LimitExceeded(fmt::format(
        "API call budget spent: {} calls in the last 24 h, {} = {} in {}; the next call is allowed in {} min "
        "(what is already stored is kept; re-run then, or raise the limit)",
        count, key, limit, file, (oldest + kDaySeconds - now + 59) / 60));
  };
  const std::vector<int64_t>& mine = calls_[provider];
  if (provider_calls_per_day > 0 && static_cast<int64_t>(mine.size()) >= provider_calls_per_day) {
    return refusal(static_cast<int64_t>(mine.size()), provider_calls_per_day, provider + ".max_calls_per_day",
                   "config/data_sources.yaml", mine.front());
  }
  const int64_t total = CallsLastDay("");
  if (system_per_day_ > 0 && total >= system_per_day_) {
    int64_t oldest = now;
    for (const auto& [name, times] : calls_) {
      if (!times.empty()) oldest = std::min(oldest, times.front());
    }
    return refusal(total, system_per_day_, "api_calls_per_day", "config/system_limits.yaml", oldest);
  }
  calls_[provider].push_back(now);
  return Save();
}

Status ApiUsageLedger::Save() const {
  if (path_.empty()) return Status::OK();
  nlohmann::ordered_json doc;
  doc["note"] = "API calls of the last 24 h per provider (Unix seconds), counted against the daily budgets";
  doc["calls"] = nlohmann::ordered_json::object();
  for (const auto& [provider, times] : calls_) doc["calls"][provider] = times;
  QTP_RETURN_IF_ERROR(MakeDirs(std::filesystem::path(path_).parent_path().string()));
  return AtomicWriteFile(path_, doc.dump() + "\n");
}

}  // namespace qtp::providers
