// Client-side series arithmetic for the charts: compounding, rolling windows, intraday time axis.
import { isNum } from './format';

// Equity of `start` compounded by daily returns (a null return leaves the equity unchanged that day).
export function compound(returns, start) {
  let equity = start;
  return returns.map((r) => {
    if (isNum(r)) equity *= 1 + r;
    return equity;
  });
}

// Mean of the last `window` finite values at each point; null until the window holds `minCount` values.
export function rollingMean(values, window, minCount = window) {
  const out = [];
  for (let i = 0; i < values.length; ++i) {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - window + 1); j <= i; ++j) {
      if (isNum(values[j])) {
        sum += values[j];
        ++n;
      }
    }
    out.push(n >= minCount ? sum / n : null);
  }
  return out;
}

// Annualized Sharpe ratio of daily returns over a trailing window: mean / sample stdev × √252. Null until
// the window is full and when the returns do not vary (a flat stretch has no defined Sharpe).
export function rollingSharpe(returns, window = 63, periodsPerYear = 252) {
  const out = [];
  for (let i = 0; i < returns.length; ++i) {
    if (i + 1 < window) {
      out.push(null);
      continue;
    }
    const slice = returns.slice(i + 1 - window, i + 1).filter(isNum);
    if (slice.length < window) {
      out.push(null);
      continue;
    }
    const mean = slice.reduce((a, b) => a + b, 0) / slice.length;
    const variance = slice.reduce((a, b) => a + (b - mean) ** 2, 0) / (slice.length - 1);
    const sd = Math.sqrt(variance);
    out.push(sd > 0 ? (mean / sd) * Math.sqrt(periodsPerYear) : null);
  }
  return out;
}

// lightweight-charts draws Unix times as UTC wall clock. Shifting each bar by New York's UTC offset at that
// instant makes the axis read exchange time (09:30–16:00), daylight saving included.
const nyParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function newYorkWallClock(unixSeconds) {
  const parts = Object.fromEntries(nyParts.formatToParts(new Date(unixSeconds * 1000)).map((p) => [p.type, p.value]));
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) / 1000;
}

// 'YYYY-MM-DD' of `days` calendar days before the date `iso`.
export function daysBefore(iso, days) {
  const t = Date.parse(`${iso}T00:00:00Z`) - days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}
