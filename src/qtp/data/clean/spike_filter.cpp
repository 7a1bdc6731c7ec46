#include "qtp/data/clean/spike_filter.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace qtp::clean {
namespace {

constexpr double kMadToSigma = 1.4826;  // sigma of a normal distribution = 1.4826 × MAD
constexpr size_t kMinReturnsForSigma = 10;
constexpr size_t kMaxRefBars = 64;

// Median of v[0..n) (n > 0); reorders v.
double MedianInPlace(double* v, size_t n) {
  double* mid = v + n / 2;
  std::nth_element(v, mid, v + n);
  if (n % 2 == 1) return *mid;
  return 0.5 * (*mid + *std::max_element(v, mid));
}

// Robust sigma of the session's close-to-close log returns; NaN with too few returns.
double SessionSigma(const std::vector<double>& close, size_t begin, size_t end, std::vector<double>& scratch) {
  scratch.clear();
  for (size_t i = begin + 1; i < end; ++i) {
    scratch.push_back(std::log(close[i] / close[i - 1]));
  }
  if (scratch.size() < kMinReturnsForSigma) return kNaN;
  const double median = MedianInPlace(scratch.data(), scratch.size());
  for (double& r : scratch) {
    r = std::fabs(r - median);
  }
  return kMadToSigma * MedianInPlace(scratch.data(), scratch.size());
}

// Median of the finite values among sigma[first, last); 0 when none.
double TrailingSigma(const std::vector<double>& sigma, size_t first, size_t last, std::vector<double>& scratch) {
  scratch.clear();
  for (size_t s = first; s < last; ++s) {
    if (std::isfinite(sigma[s])) {
      scratch.push_back(sigma[s]);
    }
  }
  return scratch.empty() ? 0.0 : MedianInPlace(scratch.data(), scratch.size());
}

// The last `capacity` accepted closes of the current session, also kept sorted so the median is a
// lookup (capacity is small: insert and evict are short linear moves, no allocation).
class CloseWindow {
 public:
  explicit CloseWindow(size_t capacity) : capacity_(std::min(capacity, kMaxRefBars)) {}
  void Clear() { size_ = next_ = 0; }
  void Push(double close) {
    if (size_ == capacity_) {
      Erase(ring_[next_]);
    }
    ring_[next_] = close;
    next_ = (next_ + 1) % capacity_;
    Insert(close);
    last_ = close;
  }
  double last() const { return last_; }
  double Median() const {
    const size_t mid = size_ / 2;
    return size_ % 2 == 1 ? sorted_[mid] : 0.5 * (sorted_[mid - 1] + sorted_[mid]);
  }

 private:
  void Insert(double v) {
    size_t k = size_++;
    while (k > 0 && sorted_[k - 1] > v) {
      sorted_[k] = sorted_[k - 1];
      --k;
    }
    sorted_[k] = v;
  }
  void Erase(double v) {
    size_t k = 0;
    while (sorted_[k] != v) {
      ++k;
    }
    for (--size_; k < size_; ++k) {
      sorted_[k] = sorted_[k + 1];
    }
  }

  size_t capacity_;
  size_t size_ = 0;
  size_t next_ = 0;
  double last_ = kNaN;
  std::array<double, kMaxRefBars> ring_{};
  std::array<double, kMaxRefBars> sorted_{};
};

}  // namespace

void FilterSpikes(Bars5m& bars, SessionBars& index, const CleanParams& params, QualityIssues& issues) {
  std::vector<double> scratch;
  std::vector<double> sigma(index.size(), kNaN);
  for (size_t s = 0; s < index.size(); ++s) {
    sigma[s] = SessionSigma(bars.close, index.begin(s), index.end(s), scratch);
  }
  const bool drop = params.spike_action == "drop";
  const size_t sigma_sessions = static_cast<size_t>(params.spike_sigma_sessions);
  std::vector<uint8_t> keep;
  CloseWindow window(static_cast<size_t>(params.spike_ref_bars));

  for (size_t s = 0; s < index.size(); ++s) {
    const size_t begin = index.begin(s);
    const size_t end = index.end(s);
    if (end - begin < 2) continue;
    const double ref_sigma = TrailingSigma(sigma, s >= sigma_sessions ? s - sigma_sessions : 0, s, scratch);
    const double thr = std::max(params.spike_k * ref_sigma, params.spike_min_move);
    const double up = std::exp(thr);
    const double down = std::exp(-thr);
    window.Clear();
    window.Push(bars.close[begin]);
    for (size_t i = begin + 1; i < end; ++i) {
      const double ref = window.Median();
      const double hi_band = ref * up;
      const double lo_band = ref * down;
      // Not a candidate when inside the band, or when the previous bar is itself away from the
      // reference (a multi-bar excursion is a move, not an isolated print).
      if ((bars.high[i] <= hi_band && bars.low[i] >= lo_band) || window.last() > hi_band || window.last() < lo_band) {
        window.Push(bars.close[i]);
        continue;
      }
      const double dev = std::max(std::log(bars.high[i] / ref), std::log(ref / bars.low[i]));
      const std::string why = fmt::format(
          "open={} high={} low={} close={}; reference {} (median of previous closes), deviation {:.4f} > "
          "threshold {:.4f} = max({} x sigma {:.5f}, {})",
          bars.open[i], bars.high[i], bars.low[i], bars.close[i], ref, dev, thr, params.spike_k, ref_sigma,
          params.spike_min_move);
      if (i + 1 == end) {
        issues.push_back(MakeIssue(bars.ticker, bars.ts[i], index.sessions[s].date, rule::kSpikeUnconfirmed,
                                   action::kFlagged, why + "; last bar of its session: no confirming bar, kept"));
        window.Push(bars.close[i]);
        continue;
      }
      const double next_close = bars.close[i + 1];
      const double back = std::fabs(std::log(next_close / ref));
      if (back > params.spike_revert_fraction * dev) {
        window.Push(bars.close[i]);  // a move that persists: real, left alone
        continue;
      }
      if (drop) {
        if (keep.empty()) {
          keep.assign(bars.size(), 1);
        }
        keep[i] = 0;
        issues.push_back(MakeIssue(bars.ticker, bars.ts[i], index.sessions[s].date, rule::kSpikeRevert,
                                   action::kDropped,
                                   fmt::format("{}; next close {} reverts; bar dropped", why, next_close)));
        continue;
      }
      const double fill = std::sqrt(window.last() * next_close);
      auto repair = [&](double& price) {
        if (price > hi_band || price < lo_band) {
          price = fill;
        }
      };
      repair(bars.open[i]);
      repair(bars.high[i]);
      repair(bars.low[i]);
      repair(bars.close[i]);
      bars.high[i] = std::max({bars.high[i], bars.open[i], bars.close[i]});
      bars.low[i] = std::min({bars.low[i], bars.open[i], bars.close[i]});
      if (bars.vwap[i] > hi_band || bars.vwap[i] < lo_band) {
        bars.vwap[i] = kNaN;
      }
      issues.push_back(MakeIssue(bars.ticker, bars.ts[i], index.sessions[s].date, rule::kSpikeRevert, action::kReplaced,
                                 fmt::format("{}; next close {} reverts; replaced by open={} high={} low={} close={}",
                                             why, next_close, bars.open[i], bars.high[i], bars.low[i], bars.close[i])));
      window.Push(bars.close[i]);
    }
  }
  if (!keep.empty()) {
    RemoveRows(bars, index, keep);
  }
}

}  // namespace qtp::clean
