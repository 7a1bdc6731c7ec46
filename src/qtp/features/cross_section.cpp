#include "qtp/features/cross_section.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "qtp/core/bars.h"
#include "qtp/core/normal_distribution.h"
#include "qtp/core/parallel.h"
#include "qtp/core/table_ops.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/features/metrics/pca.h"

namespace qtp::features {
namespace {

constexpr int kComponents = 3;  // pc1..pc3_loading
constexpr double kMadToSigma = 1.4826;  // MAD of a normal distribution is 0.6745 σ
constexpr double kMinWindowFraction = 0.8;  // as the per-ticker rolling means: 80% of the window present

// [begin, end) row ranges of each distinct date of a (date, ticker)-sorted panel.
std::vector<std::pair<size_t, size_t>> DateRanges(const std::vector<int32_t>& dates) {
  std::vector<std::pair<size_t, size_t>> ranges;
  for (size_t i = 0; i < dates.size();) {
    size_t k = i + 1;
    while (k < dates.size() && dates[k] == dates[i]) ++k;
    ranges.push_back({i, k});
    i = k;
  }
  return ranges;
}

// Writes the normalized values of x[rows of one day] into out (same positions).
void NormalizeDay(std::span<const double> x, size_t begin, size_t end, const FeatureParams& params,
                  std::vector<double>& out, std::vector<size_t>& order) {
  order.clear();
  for (size_t i = begin; i < end; ++i) {
    if (std::isfinite(x[i])) order.push_back(i);
  }
  const size_t n = order.size();
  if (n == 0) return;
  if (params.normalization == "robust_zscore") {
    std::vector<double> values(n);
    for (size_t k = 0; k < n; ++k) values[k] = x[order[k]];
    auto median_of = [](std::vector<double>& v) {
      const size_t mid = v.size() / 2;
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
      const double upper = v[mid];
      if (v.size() % 2 == 1) return upper;
      return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
    };
    const double median = median_of(values);
    for (double& v : values) v = std::abs(v - median);
    const double scale = kMadToSigma * median_of(values);
    for (size_t i : order) {
      out[i] = scale > 0 ? std::clamp((x[i] - median) / scale, -params.zscore_clip, params.zscore_clip) : kNaN;
    }
    return;
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  for (size_t g = 0; g < n;) {
    size_t h = g + 1;
    while (h < n && x[order[h]] == x[order[g]]) ++h;
    const double rank = 0.5 * static_cast<double>(g + 1 + h);  // average of the 1-based ranks g+1 .. h
    const double u = (rank - 0.5) / static_cast<double>(n);
    for (size_t k = g; k < h; ++k) out[order[k]] = params.normalization == "rank" ? u - 0.5 : InverseNormalCdf(u);
    g = h;
  }
}

// z-scores of x (indexed by panel row) against each ticker's own trailing `window` rows; `rows_of`
// lists each ticker's rows in date order. Every window is summed afresh, so a value does not depend
// on how far back the panel starts (an incremental run equals a full one bit for bit).
std::vector<double> StockZScores(const std::vector<double>& x, const std::vector<std::vector<size_t>>& rows_of,
                                 int window, double clip) {
  std::vector<double> z(x.size(), kNaN);
  const size_t w = static_cast<size_t>(window);
  for (const std::vector<size_t>& rows : rows_of) {
    for (size_t p = w - 1; p < rows.size(); ++p) {
      if (!std::isfinite(x[rows[p]])) continue;
      double sum = 0, sum_sq = 0;
      int n = 0;
      for (size_t k = p + 1 - w; k <= p; ++k) {
        const double v = x[rows[k]];
        if (!std::isfinite(v)) continue;
        sum += v;
        ++n;
      }
      if (n < kMinWindowFraction * window || n < 2) continue;
      const double mean = sum / n;
      for (size_t k = p + 1 - w; k <= p; ++k) {
        const double v = x[rows[k]];
        if (std::isfinite(v)) sum_sq += (v - mean) * (v - mean);
      }
      const double sd = std::sqrt(sum_sq / (n - 1));
      if (sd > 0) z[rows[p]] = std::clamp((x[rows[p]] - mean) / sd, -clip, clip);
    }
  }
  return z;
}

}  // namespace

Status AddPcaLoadings(Table& panel, DateDays from, const FeatureParams& params) {
  const std::vector<int32_t>& dates = panel.Column<int32_t>("date");
  const std::vector<std::string>& tickers = panel.Column<std::string>("ticker");
  const std::vector<double>& ret = panel.Column<double>("ret_1d");
  std::map<std::string, size_t> ticker_ids;
  for (const std::string& t : tickers) ticker_ids.emplace(t, 0);
  size_t next_id = 0;
  for (auto& [t, id] : ticker_ids) id = next_id++;
  const auto days = DateRanges(dates);
  const size_t window = static_cast<size_t>(params.pca_window);
  // Dense day × ticker log returns (NaN: no return that day).
  Eigen::MatrixXd log_ret = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(days.size()),
                                                      static_cast<Eigen::Index>(ticker_ids.size()), kNaN);
  std::vector<size_t> row_ticker(panel.num_rows());
  for (size_t t = 0; t < days.size(); ++t) {
    for (size_t i = days[t].first; i < days[t].second; ++i) {
      row_ticker[i] = ticker_ids.at(tickers[i]);
      log_ret(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(row_ticker[i])) = std::log1p(ret[i]);
    }
  }
  std::vector<double>* loading[kComponents] = {&panel.Column<double>("pc1_loading"),
                                               &panel.Column<double>("pc2_loading"),
                                               &panel.Column<double>("pc3_loading")};
  std::vector<double>& idio = panel.Column<double>("idio_share");
  // Stored rows may carry loadings of an earlier run: from `from` on, only this run's PCA counts.
  const size_t first_row = FirstRowOnOrAfter(panel, from);
  for (std::vector<double>* column : {loading[0], loading[1], loading[2], &idio}) {
    std::fill(column->begin() + static_cast<std::ptrdiff_t>(first_row), column->end(), kNaN);
  }
  std::vector<size_t> todo;  // day indices to fill
  for (size_t t = window - 1; t < days.size(); ++t) {
    if (dates[days[t].first] >= from) todo.push_back(t);
  }
  return ParallelFor(todo.size(), params.threads, [&](size_t item) -> Status {
    const size_t t = todo[item];
    std::vector<Eigen::Index> members;
    const auto block = log_ret.middleRows(static_cast<Eigen::Index>(t + 1 - window), static_cast<Eigen::Index>(window));
    members.clear();
    for (size_t i = days[t].first; i < days[t].second; ++i) {
      const auto id = static_cast<Eigen::Index>(row_ticker[i]);
      if (block.col(id).allFinite()) members.push_back(id);
    }
    if (members.size() < static_cast<size_t>(kComponents)) return Status::OK();
    Eigen::MatrixXd returns(block.rows(), static_cast<Eigen::Index>(members.size()));
    for (size_t m = 0; m < members.size(); ++m) returns.col(static_cast<Eigen::Index>(m)) = block.col(members[m]);
    Result<PcaResult> pca = PcaLoadings(returns, kComponents);
    if (!pca.ok()) return Status::OK();  // fewer than 3 non-degenerate components that day: no loadings
    size_t m = 0;
    for (size_t i = days[t].first; i < days[t].second && m < members.size(); ++i) {
      if (static_cast<Eigen::Index>(row_ticker[i]) != members[m]) continue;
      for (int c = 0; c < kComponents; ++c) (*loading[c])[i] = pca->loadings(static_cast<Eigen::Index>(m), c);
      idio[i] = pca->idio_share(static_cast<Eigen::Index>(m));
      ++m;
    }
    return Status::OK();
  });
}

Table NormalizeCrossSection(const Table& panel, DateDays from, const FeatureParams& params) {
  const std::vector<int32_t>& dates = panel.Column<int32_t>("date");
  const size_t first = FirstRowOnOrAfter(panel, from);
  const size_t rows = panel.num_rows() - first;
  Table out(schema::Features());
  out.Column<int32_t>("date").assign(dates.begin() + static_cast<std::ptrdiff_t>(first), dates.end());
  const auto& tickers = panel.Column<std::string>("ticker");
  out.Column<std::string>("ticker").assign(tickers.begin() + static_cast<std::ptrdiff_t>(first), tickers.end());
  const auto days = DateRanges(out.Column<int32_t>("date"));
  std::vector<const schema::FeatureColumn*> predictors;
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    if (f.predictor) predictors.push_back(&f);
  }
  for (const schema::FeatureColumn* f : predictors) out.Column<double>(f->name).assign(rows, kNaN);
  std::vector<std::vector<size_t>> rows_of;  // each ticker's panel rows in date order (per-stock z-scores only)
  if (params.stock_zscore_window > 0) {
    std::map<std::string, size_t> ticker_index;
    for (size_t i = 0; i < panel.num_rows(); ++i) {
      auto [it, added] = ticker_index.emplace(tickers[i], rows_of.size());
      if (added) rows_of.emplace_back();
      rows_of[it->second].push_back(i);
    }
  }
  const Status normalized_all = ParallelFor(predictors.size(), params.threads, [&](size_t k) -> Status {
    const std::vector<double>& raw = panel.Column<double>(predictors[k]->name);
    std::vector<double> stock_z;
    if (params.stock_zscore_window > 0) {
      stock_z = StockZScores(raw, rows_of, params.stock_zscore_window, params.zscore_clip);
    }
    const std::span<const double> x((stock_z.empty() ? raw : stock_z).data() + first, rows);
    std::vector<double>& normalized = out.Column<double>(predictors[k]->name);
    std::vector<size_t> order;
    for (const auto& [begin, end] : days) NormalizeDay(x, begin, end, params, normalized, order);
    return Status::OK();
  });
  (void)normalized_all;  // the jobs cannot fail
  return out;
}

}  // namespace qtp::features
