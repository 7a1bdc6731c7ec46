'use client';

import { useMemo } from 'react';
import TimeChart, { PALETTE } from '@/components/TimeChart';
import { rollingMean } from '@/lib/series';

export const IC_WINDOW = 21;

// Module-level, so a re-render passes the same function and the chart is not rebuilt.
const icAxis = (v) => v.toFixed(3);

function sortedDays(icByDay) {
  return [...icByDay].sort((a, b) => (a.date < b.date ? -1 : 1));
}

// One model's daily IC as bars, with its trailing mean as a line (daily ICs are noisy; the mean shows drift).
export function ModelICChart({ icByDay, metric, testId }) {
  const series = useMemo(() => {
    const days = sortedDays(icByDay);
    const mean = rollingMean(
      days.map((d) => d[metric]),
      IC_WINDOW,
      Math.ceil(IC_WINDOW / 2),
    );
    return [
      {
        kind: 'histogram',
        title: `daily ${metric}`,
        data: days.map((d) => ({
          time: d.date,
          value: d[metric],
          color: d[metric] >= 0 ? 'rgba(37, 99, 235, 0.35)' : 'rgba(220, 38, 38, 0.35)',
        })),
      },
      {
        kind: 'line',
        title: `${IC_WINDOW}-day mean`,
        color: '#0f172a',
        data: days.map((d, i) => ({ time: d.date, value: mean[i] })),
      },
    ];
  }, [icByDay, metric]);
  return <TimeChart series={series} height={260} priceFormat={icAxis} testId={testId} />;
}

// The trailing-mean IC of several models on one axis (the comparison view).
export function CompareICChart({ models, metric, testId }) {
  const series = useMemo(
    () =>
      models.map((m, k) => {
        const days = sortedDays(m.ic_by_day || []);
        const mean = rollingMean(
          days.map((d) => d[metric]),
          IC_WINDOW,
          Math.ceil(IC_WINDOW / 2),
        );
        return {
          kind: 'line',
          title: m.model_id,
          color: PALETTE[k % PALETTE.length],
          data: days.map((d, i) => ({ time: d.date, value: mean[i] })),
        };
      }),
    [models, metric],
  );
  return <TimeChart series={series} height={240} priceFormat={icAxis} testId={testId} />;
}
