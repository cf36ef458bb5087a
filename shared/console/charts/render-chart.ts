import * as echarts from 'echarts';

export interface ChartSize {
  width: number;
  height: number;
}

/**
 * An ECharts option rendered on the server to an SVG string (ECharts' own SSR: no canvas, no browser),
 * so charts cost the page no script. Animation is off: a server-side frame is the final frame.
 */
export function renderChartSvg(option: echarts.EChartsCoreOption, size: ChartSize): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
