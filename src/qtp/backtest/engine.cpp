#include "qtp/backtest/engine.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace qtp::backtest {
namespace {

using execution::CostModel;
using execution::NameCostInputs;

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Sleeve {
  double cash = 0;
  std::vector<double> shares;  // whole shares per ticker
};

struct Fill {
  uint32_t ticker = 0;
  double shares = 0;  // signed
  double price = 0;
};

// Caps `weights` (summing to 1) at `name_cap` each and `sector_cap` per sector, moving the excess to
// the names not yet at a cap in proportion to their weights; what no name can take stays unweighted
// (cash). `sector_of` gives each entry's sector (-1: no sector cap).
void ApplyCaps(std::vector<double>& w, const std::vector<int>& sector_of, size_t num_sectors, double name_cap,
               double sector_cap) {
  constexpr double kTolerance = 1e-12;
  std::vector<uint8_t> fixed(w.size(), 0);
  std::vector<double> sector_sum(num_sectors);
  for (int iteration = 0; iteration < 100; ++iteration) {
    bool violated = false;
    for (size_t i = 0; i < w.size(); ++i) {
      if (w[i] > name_cap + kTolerance) {
        w[i] = name_cap;
        fixed[i] = 1;
        violated = true;
      }
    }
    std::fill(sector_sum.begin(), sector_sum.end(), 0.0);
    for (size_t i = 0; i < w.size(); ++i) {
      if (sector_of[i] >= 0) sector_sum[static_cast<size_t>(sector_of[i])] += w[i];
    }
    for (size_t i = 0; i < w.size(); ++i) {
      if (sector_of[i] < 0) continue;
      const double sum = sector_sum[static_cast<size_t>(sector_of[i])];
      if (sum > sector_cap + kTolerance) {
        w[i] *= sector_cap / sum;
        fixed[i] = 1;
        violated = true;
      } else if (sum >= sector_cap - kTolerance) {
        fixed[i] = 1;  // a full sector takes no more
      }
    }
    double fixed_mass = 0, free_mass = 0;
    for (size_t i = 0; i < w.size(); ++i) (fixed[i] ? fixed_mass : free_mass) += w[i];
    if (free_mass > 0 && fixed_mass + free_mass < 1 - kTolerance) {
      const double scale = (1 - fixed_mass) / free_mass;
      for (size_t i = 0; i < w.size(); ++i) {
        if (!fixed[i]) w[i] *= scale;
      }
      violated = true;
    }
    if (!violated || free_mass <= 0) break;
  }
}

class Engine {
 public:
  Engine(const Market& market, const BacktestParams& params, const execution::CostParams& costs,
         const execution::ScenarioParams& scenario)
      : m_(market), p_(params), fill_at_vwap_(costs.fill == "next_vwap"), model_(costs, scenario) {}

  BacktestResult Run() {
    const size_t first = FirstSignalDay();
    if (first + 1 >= m_.num_days()) return std::move(out_);
    const size_t nt = m_.num_tickers();
    const int num_sleeves = p_.horizon_mode == "tranches" ? p_.horizon : 1;
    sleeves_.assign(static_cast<size_t>(num_sleeves), Sleeve{p_.capital_usd / num_sleeves, std::vector<double>(nt)});
    total_.assign(nt, 0.0);
    mark_.assign(m_.close.begin() + static_cast<std::ptrdiff_t>(m_.At(first, 0)),
                 m_.close.begin() + static_cast<std::ptrdiff_t>(m_.At(first + 1, 0)));
    target_.assign(nt, 0.0);
    last_bar_.assign(nt, -1);
    for (size_t d = 0; d < m_.num_days(); ++d) {
      for (size_t t = 0; t < nt; ++t) {
        if (m_.close[m_.At(d, t)] > 0) last_bar_[t] = static_cast<int64_t>(d);
      }
    }
    out_.buckets.assign(256, BucketCosts{});
    out_.sector_exposure.assign(m_.sectors.size() + 1, 0.0);
    out_.min_cash = p_.capital_usd / num_sleeves;
    out_.days.push_back(DayResult{.date = m_.dates[first], .equity = p_.capital_usd, .cash = p_.capital_usd});
    for (size_t d = first + 1; d < m_.num_days(); ++d) {
      const size_t k = d - first - 1;
      int reform = -1;
      if (p_.horizon_mode == "tranches") {
        reform = static_cast<int>(k % static_cast<size_t>(p_.horizon));
      } else if (k % static_cast<size_t>(p_.horizon) == 0) {
        reform = 0;
      }
      Day(d, reform);
    }
    const double days = static_cast<double>(out_.days.size() - 1);
    for (double& e : out_.sector_exposure) e /= days;
    out_.cash_exposure /= days;
    size_t used = 0;
    for (size_t b = 0; b < out_.buckets.size(); ++b) {
      if (out_.buckets[b].fills > 0) used = b + 1;
    }
    out_.buckets.resize(std::max<size_t>(used, 1));
    return std::move(out_);
  }

 private:
  // The first day with an eligible name: its close is the start (equity = capital).
  size_t FirstSignalDay() const {
    for (size_t d = 0; d < m_.num_days(); ++d) {
      for (size_t t = 0; t < m_.num_tickers(); ++t) {
        const size_t i = m_.At(d, t);
        if (m_.member[i] && std::isfinite(m_.score[i])) return d;
      }
    }
    return m_.num_days();
  }

  bool HasVwap(size_t d, size_t t) const { return m_.vwap[m_.At(d, t)] > 0; }  // false for NaN

  double FillPrice(size_t d, size_t t) const {
    const size_t i = m_.At(d, t);
    if (fill_at_vwap_ && HasVwap(d, t)) return m_.vwap[i];
    return m_.open[i] > 0 ? m_.open[i] : kNaN;
  }

  // The target weights of a sleeve re-formed on the signal of day s, as (ticker, weight).
  std::vector<std::pair<uint32_t, double>> TargetWeights(size_t s) {
    eligible_.clear();
    double lowest = kInf;
    for (uint32_t t = 0; t < m_.num_tickers(); ++t) {
      const size_t i = m_.At(s, t);
      if (!m_.member[i] || !std::isfinite(m_.score[i]) || !(m_.close[i] > 0)) continue;
      if (!model_.Tradable(m_.CostInputs(s, t))) continue;
      if (p_.weighting == "inverse_vol" && !(m_.volatility[i] > 0)) continue;
      eligible_.push_back(t);
      lowest = std::min(lowest, m_.score[i]);
    }
    if (eligible_.empty()) return {};
    const size_t n = p_.selection == "top_n"
                         ? std::min(eligible_.size(), static_cast<size_t>(p_.top_n))
                         : std::max<size_t>(1, static_cast<size_t>(std::ceil(p_.top_quantile * eligible_.size())));
    const double* score = m_.score.data() + m_.At(s, 0);
    std::partial_sort(
        eligible_.begin(), eligible_.begin() + static_cast<std::ptrdiff_t>(n), eligible_.end(),
        [score](uint32_t a, uint32_t b) { return score[a] > score[b] || (score[a] == score[b] && a < b); });
    std::vector<double> w(n);
    std::vector<int> sector_of(n);
    double sum = 0;
    for (size_t j = 0; j < n; ++j) {
      const uint32_t t = eligible_[j];
      if (p_.weighting == "score") {
        w[j] = score[t] - lowest;
      } else if (p_.weighting == "inverse_vol") {
        w[j] = 1.0 / m_.volatility[m_.At(s, t)];
      } else {
        w[j] = 1.0;
      }
      sum += w[j];
      sector_of[j] = m_.sector[t];
    }
    for (double& x : w) x = sum > 0 ? x / sum : 1.0 / static_cast<double>(n);
    ApplyCaps(w, sector_of, m_.sectors.size(), p_.max_weight, p_.sector_cap);
    std::vector<std::pair<uint32_t, double>> targets(n);
    for (size_t j = 0; j < n; ++j) targets[j] = {eligible_[j], w[j]};
    return targets;
  }

  // Fills `shares` (signed) of ticker t at day d for `sleeve`; records the trade and the fill.
  void Execute(size_t d, size_t s, Sleeve& sleeve, int sleeve_index, uint32_t t, double ordered, double shares,
               double price, bool capped, const NameCostInputs& in, DayResult& day) {
    const bool sell = shares < 0;
    const execution::OrderCost cost = model_.Cost(in, std::abs(shares), price, sell);
    sleeve.cash -= shares * price + cost.Total();
    sleeve.shares[t] += shares;
    total_[t] += shares;
    if (!std::isfinite(mark_[t])) mark_[t] = price;
    day.costs += cost.Total();
    day.traded_usd += std::abs(shares) * price;
    fills_.push_back(Fill{t, shares, price});
    if (fill_at_vwap_ && !HasVwap(d, t)) ++out_.vwap_fallbacks;
    const uint8_t bucket = m_.bucket[m_.At(s, t)];
    out_.trades.push_back(TradeResult{.date = m_.dates[d],
                                      .signal_date = m_.dates[s],
                                      .ticker = t,
                                      .sleeve = sleeve_index,
                                      .ordered_shares = ordered,
                                      .filled_shares = shares,
                                      .price = price,
                                      .cost = cost,
                                      .bucket = bucket,
                                      .capped = capped});
    BucketCosts& b = out_.buckets[bucket];
    b.traded_usd += std::abs(shares) * price;
    b.cost_usd += cost.Total();
    ++b.fills;
  }

  // A name whose bars have ended (delisted, or gone from the source) leaves every sleeve at its last
  // close, at no cost: a delisting return of 0.
  void ExitEndedNames(size_t d) {
    for (uint32_t t = 0; t < m_.num_tickers(); ++t) {
      if (total_[t] == 0 || static_cast<int64_t>(d) <= last_bar_[t]) continue;
      for (size_t k = 0; k < sleeves_.size(); ++k) {
        Sleeve& sleeve = sleeves_[k];
        const double shares = sleeve.shares[t];
        if (shares == 0) continue;
        sleeve.cash += shares * mark_[t];
        sleeve.shares[t] = 0;
        fills_.push_back(Fill{t, -shares, mark_[t]});
        out_.trades.push_back(TradeResult{.date = m_.dates[d],
                                          .signal_date = m_.dates[d - 1],
                                          .ticker = t,
                                          .sleeve = static_cast<int>(k),
                                          .ordered_shares = -shares,
                                          .filled_shares = -shares,
                                          .price = mark_[t],
                                          .cost = {},
                                          .bucket = 0,
                                          .capped = false,
                                          .delisted = true});
      }
      total_[t] = 0;
      ++out_.delisted_exits;
    }
  }

  // Re-forms `sleeve` at day d on the signal of day d - 1.
  void Reform(size_t d, Sleeve& sleeve, int sleeve_index, DayResult& day) {
    const size_t s = d - 1;
    const std::vector<std::pair<uint32_t, double>> targets = TargetWeights(s);
    if (targets.empty()) return;  // no eligible name: the day carries no information, the sleeve holds
    const size_t nt = m_.num_tickers();
    // The known price of each name in day d's share basis: the last close, split-adjusted at d's
    // open (mark_ already is), less a dividend going ex at d (credited to cash already).
    auto ref_price = [&](size_t t) { return mark_[t] - m_.dividend[m_.At(d, t)]; };
    double value = sleeve.cash;
    for (size_t t = 0; t < nt; ++t) {
      if (sleeve.shares[t] > 0) value += sleeve.shares[t] * ref_price(t);
    }
    std::fill(target_.begin(), target_.end(), 0.0);
    for (const auto& [t, w] : targets) {
      const double ref = ref_price(t);
      if (ref > 0) target_[t] = std::floor(value * (1 - p_.cash_buffer) * w / ref);
    }
    struct Order {
      uint32_t ticker;
      double ordered;  // signed
      double fill;     // |shares| to fill
      double price;
      bool capped;
      NameCostInputs in;
    };
    std::vector<Order> buys;
    for (int pass = 0; pass < 2; ++pass) {  // sells, then buys
      for (uint32_t t = 0; t < nt; ++t) {
        const double q = target_[t] - sleeve.shares[t];
        if (q == 0 || (pass == 0) != (q < 0)) continue;
        const double price = FillPrice(d, t);
        if (!std::isfinite(price)) {
          ++out_.unpriced_orders;
          continue;
        }
        if (target_[t] != 0 && std::abs(q) * ref_price(t) < p_.min_trade_usd) {
          ++out_.skipped_small;
          continue;
        }
        NameCostInputs in = m_.CostInputs(s, t);
        double max_fill = kInf;
        if (model_.Tradable(in)) {
          max_fill = std::floor(model_.MaxFillUsd(in) / ref_price(t));
        } else {  // a held name whose inputs are gone is still sold: spread floor, no impact, no cap
          in = NameCostInputs{.adv_usd = kInf, .amihud = 0, .spread = kNaN, .volatility = 0};
        }
        const double fill = std::min(std::abs(q), max_fill);
        const bool capped = fill < std::abs(q);
        if (capped) {
          ++out_.capped_orders;
          out_.unfilled_usd += (std::abs(q) - fill) * price;
        }
        if (pass == 0) {
          if (fill > 0) Execute(d, s, sleeve, sleeve_index, t, q, -fill, price, capped, in, day);
        } else if (fill > 0) {
          buys.push_back(Order{t, q, fill, price, capped, in});
        }
      }
    }
    // Buys within the cash: cut in proportion, then a share at a time from the largest order.
    auto need = [&] {
      double total = 0;
      for (const Order& o : buys) total += o.fill * o.price + model_.Cost(o.in, o.fill, o.price, false).Total();
      return total;
    };
    double needed = need();
    if (needed > sleeve.cash) {
      const double scale = std::max(0.0, sleeve.cash) / needed;
      for (Order& o : buys) o.fill = std::floor(o.fill * scale);
      for (needed = need(); needed > sleeve.cash; needed = need()) {
        Order* largest = nullptr;
        for (Order& o : buys) {
          if (o.fill > 0 && (largest == nullptr || o.fill * o.price > largest->fill * largest->price)) largest = &o;
        }
        if (largest == nullptr) break;
        largest->fill -= 1;
      }
    }
    for (const Order& o : buys) {
      if (o.fill > 0) Execute(d, s, sleeve, sleeve_index, o.ticker, o.ordered, o.fill, o.price, o.capped, o.in, day);
    }
  }

  void Day(size_t d, int reform) {
    const size_t nt = m_.num_tickers();
    DayResult day;
    day.date = m_.dates[d];
    day.benchmark_return = m_.benchmark[d];
    const double previous_equity = out_.days.back().equity;
    // Corporate actions at the open: carry_ holds the shares the previous close's value is carried
    // on (fractional after a split; the fraction is paid out at the close as cash in lieu).
    carry_ = total_;
    for (size_t t = 0; t < nt; ++t) {
      const size_t i = m_.At(d, t);
      const double ratio = m_.split_ratio[i];
      const double dividend = m_.dividend[i];
      if ((ratio == 1 && dividend == 0) || total_[t] == 0) {
        if (ratio != 1) mark_[t] /= ratio;
        continue;
      }
      mark_[t] /= ratio;
      carry_[t] = total_[t] * ratio;
      const double lieu_price = std::isfinite(m_.close[i]) ? m_.close[i] : mark_[t];
      total_[t] = 0;
      for (Sleeve& sleeve : sleeves_) {
        if (sleeve.shares[t] == 0) continue;
        const double split = sleeve.shares[t] * ratio;
        const double whole = std::floor(split + 1e-9);
        sleeve.cash += (split - whole) * lieu_price + whole * dividend;
        day.dividends += whole * dividend;
        sleeve.shares[t] = whole;
        total_[t] += whole;
      }
    }
    previous_mark_ = mark_;
    fills_.clear();
    ExitEndedNames(d);
    if (reform >= 0) Reform(d, sleeves_[static_cast<size_t>(reform)], reform, day);
    // The close.
    double carry_pnl = 0, fill_pnl = 0;
    for (size_t t = 0; t < nt; ++t) {
      const double close = m_.close[m_.At(d, t)];
      if (std::isfinite(close) && close > 0) mark_[t] = close;
      if (carry_[t] != 0) carry_pnl += carry_[t] * (mark_[t] - previous_mark_[t]);
    }
    for (const Fill& f : fills_) fill_pnl += f.shares * (mark_[f.ticker] - f.price);
    for (size_t t = 0; t < nt; ++t) {
      if (total_[t] == 0) continue;
      const double value = total_[t] * mark_[t];
      day.positions_value += value;
      ++day.positions;
    }
    for (const Sleeve& sleeve : sleeves_) {
      day.cash += sleeve.cash;
      out_.min_cash = std::min(out_.min_cash, sleeve.cash);
    }
    day.equity = day.cash + day.positions_value;
    day.gross_pnl = carry_pnl + fill_pnl + day.dividends;
    day.net_return = day.equity / previous_equity - 1;
    day.gross_return = day.gross_pnl / previous_equity;
    day.turnover = day.traded_usd / 2 / previous_equity;
    out_.max_accounting_error =
        std::max(out_.max_accounting_error, std::abs(day.gross_pnl - day.costs - (day.equity - previous_equity)));
    for (size_t t = 0; t < nt; ++t) {
      if (total_[t] == 0) continue;
      const int sector = m_.sector[t];
      out_.sector_exposure[sector >= 0 ? static_cast<size_t>(sector) : m_.sectors.size()] +=
          total_[t] * mark_[t] / day.equity;
      if (reform >= 0)
        out_.positions.push_back(PositionResult{day.date, static_cast<uint32_t>(t), total_[t], mark_[t]});
    }
    out_.cash_exposure += day.cash / day.equity;
    out_.days.push_back(day);
  }

  const Market& m_;
  const BacktestParams& p_;
  const bool fill_at_vwap_;
  const CostModel model_;
  BacktestResult out_;
  std::vector<Sleeve> sleeves_;
  std::vector<double> total_;          // shares per ticker, all sleeves
  std::vector<double> mark_;           // last close per ticker, in the current share basis
  std::vector<double> previous_mark_;  // mark_ at the previous close (split-adjusted)
  std::vector<double> carry_;          // shares carried from the previous close
  std::vector<double> target_;
  std::vector<uint32_t> eligible_;
  std::vector<int64_t> last_bar_;      // per ticker: the last day with a close (-1: none)
  std::vector<Fill> fills_;
};

}  // namespace

BacktestResult RunBacktest(const Market& market, const BacktestParams& params, const execution::CostParams& costs,
                           const execution::ScenarioParams& scenario) {
  return Engine(market, params, costs, scenario).Run();
}

}  // namespace qtp::backtest
