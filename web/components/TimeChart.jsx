'use client';

import { useEffect, useRef, useState } from 'react';

// Distinct, print-friendly colors for the series of one chart, in order.
export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#64748b', '#ca8a04'];

const SERIES_DEFAULTS = {
  candles: {
    upColor: '#16a34a',
    downColor: '#dc2626',
    borderUpColor: '#16a34a',
    borderDownColor: '#dc2626',
    wickUpColor: '#16a34a',
    wickDownColor: '#dc2626',
  },
  line: { lineWidth: 2, priceLineVisible: false },
  area: { lineWidth: 2, priceLineVisible: false },
  histogram: { priceLineVisible: false },
  baseline: { lineWidth: 2, priceLineVisible: false },
};

// lightweight-charts asserts strictly increasing times: sort, keep the last of equal times, and turn
// points without a finite value into whitespace (a gap) instead of letting a null reach the library.
function prepare(kind, data) {
  const valueKeys = kind === 'candles' ? ['open', 'high', 'low', 'close'] : ['value'];
  const rows = [...data].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const out = [];
  for (const row of rows) {
    const finite = valueKeys.every((k) => typeof row[k] === 'number' && Number.isFinite(row[k]));
    const point = finite ? row : { time: row.time };
    if (out.length && out[out.length - 1].time === row.time) out[out.length - 1] = point;
    else out.push(point);
  }
  return out;
}

// One lightweight-charts chart with any number of series sharing the time axis.
//   series: [{kind: candles|line|area|histogram|baseline, data: [{time, value} | {time, open, ...}],
//             title, color, options, priceScaleId}]
// Times are 'YYYY-MM-DD' strings (daily) or Unix seconds (intraday). Callers memoize `series`: a new
// array rebuilds the chart.
export default function TimeChart({ series, height = 280, timeVisible = false, priceFormat, testId, legend = true }) {
  const container = useRef(null);
  const [failure, setFailure] = useState(null);
  const points = series.reduce((n, s) => n + s.data.length, 0);

  useEffect(() => {
    let chart = null;
    let disposed = false;
    import('lightweight-charts')
      .then((lc) => {
        if (disposed || !container.current) return;
        const definitions = {
          candles: lc.CandlestickSeries,
          line: lc.LineSeries,
          area: lc.AreaSeries,
          histogram: lc.HistogramSeries,
          baseline: lc.BaselineSeries,
        };
        chart = lc.createChart(container.current, {
          autoSize: true,
          height,
          layout: {
            background: { type: lc.ColorType.Solid, color: '#ffffff' },
            textColor: '#334155',
            fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
            fontSize: 11,
            // The footer of every page links TradingView's lightweight-charts (the attribution its license
            // asks for), so the logo is not repeated inside each chart.
            attributionLogo: false,
          },
          grid: { vertLines: { color: '#f1f5f9' }, horzLines: { color: '#f1f5f9' } },
          rightPriceScale: { borderColor: '#e2e8f0' },
          timeScale: { borderColor: '#e2e8f0', timeVisible, secondsVisible: false },
          crosshair: { mode: lc.CrosshairMode.Normal },
          localization: priceFormat ? { priceFormatter: priceFormat } : {},
        });
        for (const s of series) {
          const options = { ...SERIES_DEFAULTS[s.kind], ...(s.color ? { color: s.color } : {}), ...s.options };
          const api = chart.addSeries(definitions[s.kind], options);
          if (s.scaleMargins) api.priceScale().applyOptions({ scaleMargins: s.scaleMargins });
          api.setData(prepare(s.kind, s.data));
        }
        chart.timeScale().fitContent();
      })
      .catch((e) => {
        if (!disposed) setFailure(e.message);
      });
    return () => {
      disposed = true;
      if (chart) chart.remove();
    };
  }, [series, height, timeVisible, priceFormat]);

  const titled = series.filter((s) => s.title && s.kind !== 'candles');
  return (
    <div className="chart-box">
      {legend && titled.length > 1 ? (
        <div className="legend">
          {titled.map((s) => (
            <span key={s.title} className="legend-item">
              <span className="swatch" style={{ background: s.color || s.options?.color || '#64748b' }} />
              {s.title}
            </span>
          ))}
        </div>
      ) : null}
      {failure ? <div className="state state-error">Chart failed: {failure}</div> : null}
      <div
        ref={container}
        className="chart"
        style={{ height }}
        data-testid={testId}
        data-points={points}
        data-series={series.length}
      />
    </div>
  );
}
