import type { HostCountSeries } from '../views/host-count-series';
import { renderChartSvg } from './render-chart';

const quotaLine = (name: string, value: number, color: string) => ({
  name,
  type: 'line',
  data: [],
  markLine: {
    symbol: 'none',
    silent: true,
    lineStyle: { color, type: 'dashed' },
    label: { formatter: `${name} ${value}` },
    data: [{ yAxis: value }],
  },
});

/** Billable hosts per day over 90 days against the contract's warn and max lines. */
export function hostCountChartSvg(series: HostCountSeries): string {
  return renderChartSvg(
    {
      grid: { left: 48, right: 90, top: 30, bottom: 40 },
      legend: { top: 0 },
      xAxis: { type: 'category', data: series.dates, axisLabel: { interval: 13 } },
      yAxis: { type: 'value', minInterval: 1, name: 'hosts' },
      series: [
        { name: 'billable (peak)', type: 'line', step: 'middle', data: series.peak, connectNulls: false },
        {
          name: 'billable (low)',
          type: 'line',
          step: 'middle',
          data: series.low,
          lineStyle: { type: 'dotted' },
        },
        ...(series.quota
          ? [quotaLine('warn', series.quota.warn, '#b54708'), quotaLine('max', series.quota.max, '#c4320a')]
          : []),
      ],
    },
    { width: 900, height: 280 },
  );
}
