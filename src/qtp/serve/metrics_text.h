// The Prometheus text exposition format 0.0.4 (what `GET /metrics` answers): metric families, each
// with its # HELP and # TYPE lines followed by its samples. Names come from the code; label values
// and help text may hold anything and are escaped here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qtp::serve {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType { kGauge, kCounter };

// (label name, value) pairs in the order they are written.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsText {
 public:
  // Starts a family: the samples added next belong to it. `name` and the label names of its samples
  // must match [a-zA-Z_][a-zA-Z0-9_]* and be given once per exposition (programmer errors otherwise).
  void BeginFamily(std::string name, MetricType type, std::string help);
  // Adds a sample to the current family. A label set the family already has is not added again
  // (false): Prometheus rejects a scrape that repeats one.
  bool Sample(const MetricLabels& labels, double value);
  // Every family in the order they were started. A family without samples keeps its HELP and TYPE
  // lines: the scrape then says the metric exists but has nothing to report yet.
  std::string Render() const;

 private:
  struct Family {
    std::string name;
    MetricType type;
    std::string help;
    std::vector<std::pair<MetricLabels, double>> samples;
  };
  std::vector<Family> families_;
};

// A sample value: the shortest text that reads back to `value`, NaN as "NaN", infinities as "+Inf"
// and "-Inf" (the spellings Prometheus parses).
std::string FormatMetricValue(double value);
// A label value between its double quotes: backslash, double quote and line feed escaped.
std::string EscapeLabelValue(std::string_view value);
// Help text: backslash and line feed escaped (quotes are literal there).
std::string EscapeHelpText(std::string_view help);

}  // namespace qtp::serve
