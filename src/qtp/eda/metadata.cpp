#include "qtp/eda/metadata.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "qtp/config/config_io.h"
#include "qtp/data/store/feature_columns.h"

namespace qtp::eda {
namespace {

// A YAML double-quoted scalar (JSON string syntax is valid YAML).
std::string Quote(const std::string& text) { return nlohmann::json(text).dump(); }

// A config value as a YAML scalar: numbers and booleans as they are, anything else quoted.
std::string Scalar(const std::string& text) {
  char* end = nullptr;
  const bool number = !text.empty() && (std::strtod(text.c_str(), &end), end == text.c_str() + text.size());
  return number || text == "true" || text == "false" ? text : Quote(text);
}

std::string Number(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : "null"; }

// Every `features` parameter as YAML scalar text, read back from the section's own YAML so that a
// parameter added to FeatureParams shows up here without a change.
Result<std::map<std::string, std::string>> FeatureParamValues(const features::FeatureParams& params) {
  features::FeatureParams copy = params;
  QTP_ASSIGN_OR_RETURN(std::string yaml, config::ParamsYaml(copy, ""));
  std::map<std::string, std::string> values;
  try {
    for (const auto& kv : YAML::Load(yaml)) values[kv.first.Scalar()] = kv.second.Scalar();
  } catch (const YAML::Exception& e) {
    return Status::Internal(std::string("reading back the features parameters: ") + e.what());
  }
  return values;
}

void AppendStatistics(std::string& y, const EdaAnalysis& a, size_t f, int stability_window) {
  y += "    stability:\n";
  for (int w : a.daily.windows) {
    const StabilityRow* row = a.Stability(f, w, kAllRegimes);
    y += fmt::format("      w{}: {{mean_autocorr: {}, days: {}}}\n", w, Number(row->mean), row->days);
  }
  y += "      by_regime:\n";
  for (const StabilityRow& row : a.stability) {
    if (row.feature == f && row.regime != kAllRegimes) {
      y += fmt::format("        - {{window: {}, regime: {}, mean_autocorr: {}, days: {}}}\n", row.window, row.regime,
                       Number(row.mean), row.days);
    }
  }
  const StabilityRow* verdict = a.Stability(f, stability_window, kAllRegimes);
  y += fmt::format("      stable: {}  # mean at w{} >= stability_threshold\n",
                   verdict != nullptr && verdict->stable ? "true" : "false", stability_window);
  y += "    ic:\n";
  for (size_t h = 0; h < a.daily.horizons.size(); ++h) {
    const IcSummary& s = a.Ic(f, h);
    y += fmt::format(
        "      h{}: {{days: {}, mean_rank_ic: {}, std_rank_ic: {}, icir: {}, t_stat: {}, hit_rate: {}, decay: {}, "
        "mean_ic: {}, icir_pearson: {}}}\n",
        s.horizon, s.rank.days, Number(s.rank.mean), Number(s.rank.std), Number(s.rank.ir), Number(s.rank.t_stat),
        Number(s.rank.hit_rate), Number(s.decay), Number(s.pearson.mean), Number(s.pearson.ir));
  }
}

}  // namespace

std::vector<std::string> FeatureParamKeys(const std::string& feature) {
  // Which FeatureParams field each feature reads (see ticker_features.cpp and cross_section.cpp).
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kByPrefix = {
      {"trend_5m_short_", {"intraday_trend_short_days"}},
      {"trend_5m_long_", {"intraday_trend_long_days"}},
      {"hurst", {"hurst_window", "hurst_method"}},
      {"vr", {"vr_window", "vr_q"}},
      {"lf_share", {"spectral_window", "spectral_cutoff"}},
      {"pc1_loading", {"pca_window"}},
      {"pc2_loading", {"pca_window"}},
      {"pc3_loading", {"pca_window"}},
      {"idio_share", {"pca_window"}},
      {"rt_cost_bps", {"reference_order_usd"}},
  };
  for (const auto& [prefix, keys] : kByPrefix) {
    if (feature.compare(0, prefix.size(), prefix) == 0) return keys;
  }
  return {};
}

Result<std::string> FeatureMetadataYaml(const EdaAnalysis& a, const EdaParams& params,
                                        const features::FeatureParams& feature_params, const std::string& run_id) {
  QTP_ASSIGN_OR_RETURN(const auto values, FeatureParamValues(feature_params));
  std::string y =
      "# The feature library: every feature column's definition, the parameters and thresholds in\n"
      "# effect, and what qtp eda measured and decided. Rewritten by every qtp eda run; do not edit.\n";
  y += fmt::format("run_id: {}\n", Quote(run_id));
  y += fmt::format("panel: {{tickers: {}, days: {}, first_date: {}, last_date: {}}}\n", a.tickers, a.dates.size(),
                   Quote(a.dates.empty() ? "" : FormatDate(a.dates.front())),
                   Quote(a.dates.empty() ? "" : FormatDate(a.dates.back())));
  y += "feature_params:  # config section features\n";
  for (const auto& [key, value] : values) y += fmt::format("  {}: {}\n", key, Scalar(value));
  y += fmt::format("normalization: {{method: {}, zscore_clip: {}, view: features}}\n",
                   Quote(feature_params.normalization), Number(feature_params.zscore_clip));
  y += "thresholds:  # config section eda\n";
  y += fmt::format("  horizons: [{}]\n  entry: {}\n  ic_min_tickers: {}\n", fmt::join(a.daily.horizons, ", "),
                   Quote(params.entry), params.ic_min_tickers);
  y += fmt::format("  stability_windows: [{}]\n  stability_window: {}\n  stability_threshold: {}\n",
                   fmt::join(a.daily.windows, ", "), params.stability_window, Number(params.stability_threshold));
  y += fmt::format("  stability_tie: {}\n  prune_threshold: {}\n  list_threshold: {}\n", Number(params.stability_tie),
                   Number(params.prune_threshold), Number(params.list_threshold));
  y += "  stress_regimes:\n";
  for (const Regime& r : a.regimes) {
    y += fmt::format("    - {{name: {}, first: {}, last: {}}}\n", r.name, Quote(FormatDate(r.first)),
                     Quote(FormatDate(r.last)));
  }
  y += "features:\n";
  std::map<std::string, size_t> index;
  for (size_t f = 0; f < a.features.size(); ++f) index[a.features[f]] = f;
  for (const schema::FeatureColumn& c : schema::FeatureColumns()) {
    y += fmt::format("  - name: {}\n    group: {}\n    unit: {}\n    definition: {}\n    predictor: {}\n",
                     Quote(c.name), Quote(c.group), Quote(c.unit), Quote(c.definition), c.predictor ? "true" : "false");
    y += "    params: {";
    const std::vector<std::string> keys = FeatureParamKeys(c.name);
    for (size_t k = 0; k < keys.size(); ++k) {
      auto v = values.find(keys[k]);
      y += fmt::format("{}{}: {}", k == 0 ? "" : ", ", keys[k], Scalar(v == values.end() ? "" : v->second));
    }
    y += "}\n";
    auto it = index.find(c.name);
    if (!c.predictor || it == index.end()) {
      y += "    normalization: none\n    decision: not_scored\n    reason: \"bookkeeping column, not a predictor\"\n";
      continue;
    }
    const size_t f = it->second;
    y += fmt::format("    normalization: {}\n", Quote(feature_params.normalization));
    if (!a.has_data[f]) {
      y += "    decision: no_data\n    reason: \"NULL on every day: no IC, stability or correlation\"\n";
      continue;
    }
    y += fmt::format("    decision: {}\n    reason: {}\n", a.redundancy.dropped[f] ? "dropped" : "kept",
                     Quote(a.redundancy.reason[f]));
    AppendStatistics(y, a, f, params.stability_window);
  }
  return y;
}

std::vector<nlohmann::ordered_json> EdaEvents(const EdaAnalysis& a, size_t days_computed, const std::string& run_id,
                                              const std::string& time_utc) {
  std::vector<nlohmann::ordered_json> events;
  nlohmann::ordered_json computed;
  computed["time"] = time_utc;
  computed["run_id"] = run_id;
  computed["event"] = "computed";
  computed["tickers"] = a.tickers;
  computed["days"] = a.dates.size();
  computed["first_date"] = a.dates.empty() ? "" : FormatDate(a.dates.front());
  computed["last_date"] = a.dates.empty() ? "" : FormatDate(a.dates.back());
  computed["days_computed"] = days_computed;
  computed["features"] = a.features.size();
  computed["horizons"] = a.daily.horizons;
  computed["stability_windows"] = a.daily.windows;
  events.push_back(std::move(computed));
  for (const CorrelatedPair& p : a.redundancy.pairs) {
    if (!p.pruned) continue;
    nlohmann::ordered_json e;
    e["time"] = time_utc;
    e["run_id"] = run_id;
    e["event"] = "pruned";
    e["feature"] = a.features[p.dropped];
    e["kept"] = a.features[p.dropped == p.a ? p.b : p.a];
    e["spearman"] = p.correlation;
    e["reason"] = a.redundancy.reason[p.dropped];
    events.push_back(std::move(e));
  }
  return events;
}

Status AppendJsonLines(const std::string& path, const std::vector<nlohmann::ordered_json>& lines) {
  std::string text;
  for (const auto& line : lines) text += line.dump() + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return Status::IOError(fmt::format("cannot append to {}: {}", path, std::strerror(err)));
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? Status::OK() : Status::IOError("cannot fsync " + path);
}

}  // namespace qtp::eda
