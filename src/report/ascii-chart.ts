import { createRequire } from 'node:module';
import type * as Asciichart from 'asciichart';

type Chart = typeof Asciichart;
let chart: Chart | undefined;

/** asciichart, loaded on first use: JSON and CSV runs never pay for it. */
export function asciichart(): Chart {
  chart ??= createRequire(import.meta.url)('asciichart') as Chart;
  return chart;
}
