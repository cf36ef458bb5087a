import type { CdnCommitChartData } from '../views/cdn-commit-view';
import { renderChartSvg } from './render-chart';

/**
 * Month-to-date volume per day against the commit line, with the projection to month end: the P50 line
 * and the P50-P90 band above it (a stacked area on the P50 line).
 */
export function cdnCommitChartSvg(data: CdnCommitChartData): string {
  const band = data.p90.map((p90, i) => {
    const p50 = data.p50[i];
    return p90 === null || p50 === null || p50 === undefined ? null : Math.max(0, p90 - p50);
  });
  return renderChartSvg(
    {
      grid: { left: 64, right: 110, top: 30, bottom: 40 },
      legend: { top: 0, data: ['month to date', 'P50 projection', 'P50-P90 band'] },
      xAxis: { type: 'category', data: data.dates.map((d) => d.slice(5)), axisLabel: { interval: 4 } },
      yAxis: { type: 'value', name: data.unit },
      series: [
        {
          name: 'month to date',
          type: 'line',
          data: data.actual,
          lineStyle: { width: 3, color: '#1d4ed8' },
          itemStyle: { color: '#1d4ed8' },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#c4320a', type: 'solid', width: 2 },
            label: { formatter: `commit ${data.commit} ${data.unit}` },
            data: [{ yAxis: data.commit }],
          },
        },
        {
          name: 'P50 projection',
          type: 'line',
          stack: 'projection',
          data: data.p50,
          showSymbol: false,
          lineStyle: { type: 'dashed', color: '#475467' },
          itemStyle: { color: '#475467' },
        },
        {
          name: 'P50-P90 band',
          type: 'line',
          stack: 'projection',
          data: band,
          showSymbol: false,
          lineStyle: { opacity: 0 },
          areaStyle: { color: 'rgba(181,71,8,0.25)' },
          itemStyle: { color: 'rgba(181,71,8,0.6)' },
        },
      ],
    },
    { width: 900, height: 320 },
  );
}
