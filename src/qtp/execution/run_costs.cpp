#include "qtp/execution/run_costs.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "qtp/core/bars.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/execution_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/execution/cost_model.h"
#include "qtp/execution/liquidity_buckets.h"
#include "qtp/execution/trailing_volatility.h"

namespace qtp::execution {
namespace {

double Quantile(std::vector<double> v, double q) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return kNaN;
  const size_t k = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// The name-days of one bucket, for the report.
struct BucketValues {
  std::vector<double> adv, cs_half_spread;
  std::array<std::vector<double>, kNumScenarios> round_trip;
  size_t name_days = 0, tradable = 0;

  BucketCostSummary Summarize(int bucket) const {
    BucketCostSummary s{.bucket = bucket, .name_days = name_days};
    s.median_adv_usd = Quantile(adv, 0.5);
    s.tradable_share = name_days == 0 ? kNaN : static_cast<double>(tradable) / static_cast<double>(name_days);
    s.median_cs_half_spread_bps = Quantile(cs_half_spread, 0.5);
    for (size_t k = 0; k < kNumScenarios; ++k) s.median_round_trip_bps[k] = Quantile(round_trip[k], 0.5);
    s.p90_round_trip_bps_base = Quantile(round_trip[1], 0.9);
    return s;
  }
};

std::string Bps(double v) { return std::isfinite(v) ? fmt::format("{:.1f}", v) : "n/a"; }

std::string Report(const CostsSummary& s, const CostParams& p) {
  std::string md = fmt::format(
      "# Cost estimates\n\n{} name-days, {} names, {} to {}. Per name and day: what a ${:.0f} order would "
      "cost at the next day's fill, from that day's features_raw (adv_20, amihud_20, cs_spread_20, rv_20). "
      "Commission: {}; half-spread: {}; slippage: {}; participation cap {:.0f}% of adv_20. Definitions: "
      "docs/execution.md.\n\n",
      s.rows, s.tickers, FormatDate(s.first), FormatDate(s.last), p.reference_order_usd,
      p.commission.broker == "alpaca" ? "Alpaca (none) + SEC and FINRA TAF on sells"
                                      : "IB tiered + SEC and FINRA TAF on sells",
      p.spread_source == "floor" ? fmt::format("the {:.1f} bps floor", p.spread_floor_bps)
                                 : fmt::format("Corwin-Schultz, at least {:.1f} bps", p.spread_floor_bps),
      p.slippage_model == "linear" ? fmt::format("{} x amihud_20 x order (linear)", p.amihud_k)
                                   : fmt::format("{} x rv_20 x sqrt(order / adv_20)", p.sqrt_coefficient),
      100 * p.participation_cap);
  md +=
      "## Round trip of the reference order by liquidity bucket (bps; 1 = least liquid)\n\n"
      "| bucket | name-days | median adv_20 | tradable | median CS half-spread | optimistic | base | "
      "pessimistic | base p90 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  auto row = [&](const BucketCostSummary& b, const std::string& label) {
    md += fmt::format("| {} | {} | ${:.1f}M | {:.1f}% | {} | {} | {} | {} | {} |\n", label, b.name_days,
                      b.median_adv_usd / 1e6, 100 * b.tradable_share, Bps(b.median_cs_half_spread_bps),
                      Bps(b.median_round_trip_bps[0]), Bps(b.median_round_trip_bps[1]), Bps(b.median_round_trip_bps[2]),
                      Bps(b.p90_round_trip_bps_base));
  };
  for (const BucketCostSummary& b : s.buckets) row(b, b.bucket == 0 ? "no adv_20" : std::to_string(b.bucket));
  row(s.all, "all");
  md +=
      "\nIlliquid names are penalised through their costs, never dropped, unless costs.min_adv_usd excludes "
      "them (tradable above). The backtest report (qtp backtest) adds what the costs do to a strategy: "
      "cost by bucket of the filled orders, cost drag against turnover, and the signal's rank IC before and "
      "after costs.\n";
  return md;
}

}  // namespace

Result<CostsSummary> RunCosts(Store& store, const CostParams& params, const CostsProgressFn& progress) {
  const std::set<int> years = store.manifest().Years(schema::FeaturesRaw().name);
  if (years.empty()) return Status::NotFound("no features stored: run qtp features first");
  std::array<CostModel, kNumScenarios> models = {CostModel(params, params.optimistic), CostModel(params, params.base),
                                                 CostModel(params, params.pessimistic)};
  const TableSpec input = Projection(
      schema::FeaturesRaw(), {"date", "ticker", "close", "ret_1d", "adv_20", "amihud_20", "cs_spread_20", "rv_20"});
  CostsSummary summary;
  std::vector<BucketValues> buckets(static_cast<size_t>(params.buckets) + 1);
  BucketValues all;
  std::map<std::string, TrailingVolatility> trailing;  // the volatility where rv_20 is missing
  size_t done = 0;
  for (int year : years) {
    QTP_ASSIGN_OR_RETURN(const Table f, store.Read(input, "", year, year));
    const auto& dates = f.Column<int32_t>("date");
    const auto& names = f.Column<std::string>("ticker");
    const auto& close = f.Column<double>("close");
    const auto& adv = f.Column<double>("adv_20");
    Table out(schema::CostEstimates());
    for (size_t begin = 0; begin < f.num_rows();) {
      size_t end = begin;
      while (end < f.num_rows() && dates[end] == dates[begin]) ++end;
      const std::vector<uint8_t> bucket =
          LiquidityBuckets(std::span<const double>(adv.data() + begin, end - begin), params.buckets);
      for (size_t r = begin; r < end; ++r) {
        const double trailing_vol = trailing[names[r]].Add(std::log1p(f.Column<double>("ret_1d")[r]));
        const double rv_20 = f.Column<double>("rv_20")[r];
        const NameCostInputs in{.adv_usd = adv[r],
                                .amihud = f.Column<double>("amihud_20")[r],
                                .spread = f.Column<double>("cs_spread_20")[r],
                                .volatility = std::isfinite(rv_20) ? rv_20 : trailing_vol};
        const double order = params.reference_order_usd;
        const bool tradable = models[1].Tradable(in) && close[r] > 0;
        const double shares = order / close[r];
        std::array<double, kNumScenarios> round_trip{};
        for (size_t k = 0; k < kNumScenarios; ++k) {
          round_trip[k] =
              tradable
                  ? 1e4 * (2 * (models[k].HalfSpread(in) + models[k].Impact(in, order)) +
                           (2 * models[k].Commission(shares, order) + models[k].RegulatoryFees(shares, order, true)) /
                               order)
                  : kNaN;
        }
        const uint8_t b = bucket[r - begin];
        out.Column<int32_t>("date").push_back(dates[r]);
        out.Column<std::string>("ticker").push_back(names[r]);
        out.Column<double>("close").push_back(close[r]);
        out.Column<double>("adv_20").push_back(adv[r]);
        out.Column<int64_t>("liquidity_bucket").push_back(b);
        out.Column<int64_t>("tradable").push_back(tradable ? 1 : 0);
        out.Column<double>("half_spread_bps").push_back(tradable ? 1e4 * models[1].HalfSpread(in) : kNaN);
        out.Column<double>("cs_half_spread_bps").push_back(1e4 * in.spread / 2);
        out.Column<double>("impact_bps").push_back(tradable ? 1e4 * models[1].Impact(in, order) : kNaN);
        out.Column<double>("commission_bps")
            .push_back(tradable ? 1e4 * models[1].Commission(shares, order) / order : kNaN);
        out.Column<double>("fees_bps")
            .push_back(tradable ? 1e4 * models[1].RegulatoryFees(shares, order, true) / order : kNaN);
        out.Column<double>("round_trip_bps_optimistic").push_back(round_trip[0]);
        out.Column<double>("round_trip_bps_base").push_back(round_trip[1]);
        out.Column<double>("round_trip_bps_pessimistic").push_back(round_trip[2]);
        out.Column<double>("max_fill_usd").push_back(tradable ? models[1].MaxFillUsd(in) : kNaN);
        for (BucketValues* v : {&buckets[b], &all}) {
          ++v->name_days;
          v->adv.push_back(adv[r]);
          v->cs_half_spread.push_back(1e4 * in.spread / 2);
          if (!tradable) continue;
          ++v->tradable;
          for (size_t k = 0; k < kNumScenarios; ++k) v->round_trip[k].push_back(round_trip[k]);
        }
      }
      begin = end;
    }
    summary.rows += out.num_rows();
    if (!dates.empty()) {
      if (summary.first == kNullDate) summary.first = dates.front();
      summary.last = dates.back();
    }
    QTP_ASSIGN_OR_RETURN(const MergeStats written,
                         store.Replace(schema::CostEstimates(), "", std::move(out), year, year));
    summary.written += written;
    QTP_RETURN_IF_ERROR(progress(++done, years.size()));
  }
  QTP_RETURN_IF_ERROR(store.Commit());
  summary.tickers = trailing.size();
  for (size_t b = 0; b < buckets.size(); ++b) {
    if (buckets[b].name_days > 0) summary.buckets.push_back(buckets[b].Summarize(static_cast<int>(b)));
  }
  summary.all = all.Summarize(-1);
  const std::string dir = store.data_dir() + "/reports";
  QTP_RETURN_IF_ERROR(MakeDirs(dir));
  summary.report_path = dir + "/costs.md";
  QTP_RETURN_IF_ERROR(AtomicWriteFile(summary.report_path, Report(summary, params)));
  return summary;
}

}  // namespace qtp::execution
