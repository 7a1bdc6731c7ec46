#include "qtp/serve/metrics_text.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace qtp::serve {
namespace {

// `text` with each of `specials` replaced by its escape; '\n' becomes the two characters \n.
std::string EscapeMetricText(std::string_view text, std::string_view specials) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (specials.find(c) == std::string_view::npos) {
      out += c;
    } else {
      out += '\\';
      out += c == '\n' ? 'n' : c;
    }
  }
  return out;
}

}  // namespace

std::string FormatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);  // shortest round-trip form, e.g. 42, 0.125, 1e+20
}

std::string EscapeLabelValue(std::string_view value) { return EscapeMetricText(value, "\\\"\n"); }

std::string EscapeHelpText(std::string_view help) { return EscapeMetricText(help, "\\\n"); }

void MetricsText::BeginFamily(std::string name, MetricType type, std::string help) {
  families_.push_back(Family{std::move(name), type, std::move(help), {}});
}

bool MetricsText::Sample(const MetricLabels& labels, double value) {
  Family& family = families_.back();
  const bool repeated = std::any_of(family.samples.begin(), family.samples.end(),
                                    [&](const auto& sample) { return sample.first == labels; });
  if (repeated) return false;
  family.samples.emplace_back(labels, value);
  return true;
}

std::string MetricsText::Render() const {
  std::string out;
  for (const Family& family : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name, EscapeHelpText(family.help), family.name,
                       family.type == MetricType::kCounter ? "counter" : "gauge");
    for (const auto& [labels, value] : family.samples) {
      out += family.name;
      if (!labels.empty()) {
        out += '{';
        for (size_t i = 0; i < labels.size(); ++i) {
          out += fmt::format("{}{}=\"{}\"", i == 0 ? "" : ",", labels[i].first, EscapeLabelValue(labels[i].second));
        }
        out += '}';
      }
      out += ' ';
      out += FormatMetricValue(value);
      out += '\n';
    }
  }
  return out;
}

}  // namespace qtp::serve
