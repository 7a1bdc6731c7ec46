#include "qtp/features/feature_params.h"

#include <fmt/format.h>

#include "qtp/core/file_util.h"

namespace qtp::features {

void DescribeParams(config::Section& section, FeatureParams& params) {
  section.Param("intraday_trend_short_days", params.intraday_trend_short_days,
                "trend_5m_short_*: OLS of log price over the 5-minute bars of the last N days", 1, 20);
  section.Param("intraday_trend_long_days", params.intraday_trend_long_days,
                "trend_5m_long_*: the same over the last N days", 1, 20);
  section.Param("hurst_window", params.hurst_window, "daily log returns per Hurst estimate", 32, 2520);
  section.Param("hurst_method", params.hurst_method,
                "rs: rescaled range with the Anis-Lloyd-Peters small-sample correction; dfa: detrended fluctuation "
                "analysis (DFA-1)",
                {"rs", "dfa"});
  section.Param("vr_window", params.vr_window, "daily log returns per Lo-MacKinlay variance ratio", 20, 2520);
  section.Param("vr_q", params.vr_q, "variance-ratio horizon in days", 2, 60);
  section.Param("spectral_window", params.spectral_window, "daily log returns per periodogram (lf_share)", 16, 2520);
  section.Param("spectral_cutoff", params.spectral_cutoff, "lf_share counts power below this many cycles per day",
                0.01, 0.5);
  section.Param("pca_window", params.pca_window, "days of cross-sectional daily returns per PCA", 20, 2520);
  section.Param("reference_order_usd", params.reference_order_usd, "order size behind rt_cost_bps (USD)", 1.0, 1e10);
  section.Param("normalization", params.normalization,
                "features view: rank_gauss (normal scores of cross-sectional ranks), rank (ranks scaled to -0.5..0.5) "
                "or robust_zscore ((x - median) / (1.4826 MAD), clipped)",
                {"rank_gauss", "rank", "robust_zscore"});
  section.Param("zscore_clip", params.zscore_clip,
                "robust_zscore and the per-stock z-score clip at this many (robust) sigmas", 1.0, 100.0);
  section.Param("stock_zscore_window", params.stock_zscore_window,
                "0 = off; N: before the cross-sectional step, each predictor becomes its z-score against the same "
                "ticker's last N trading days (mean and sample std of those days, today included)",
                0, 2520);
  section.Param("threads", params.threads,
                "tickers computed at once while the store is read and written on the main thread (same output)", 1,
                64);
}

std::string ParamsHash(const FeatureParams& p) {
  // Every parameter that changes a value; `threads` does not.
  const std::string text =
      fmt::format("v1|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", p.intraday_trend_short_days,
                  p.intraday_trend_long_days, p.hurst_window, p.hurst_method, p.vr_window, p.vr_q, p.spectral_window,
                  p.spectral_cutoff, p.pca_window, p.reference_order_usd, p.normalization, p.zscore_clip,
                  p.stock_zscore_window);
  return Sha256Hex(text).substr(0, 16);
}

}  // namespace qtp::features
