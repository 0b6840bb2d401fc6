/**
 * One uPlot chart with an accessible fallback: the canvas carries a label, and the same numbers sit
 * in a table below it (collapsed), so a screen reader or a copy-paste gets them too.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Draw as bars (default) or as a line with points. */
  kind?: 'bars' | 'line';
  format?: (value: number) => string;
}

export interface ChartProps {
  title: string;
  /** Category labels (bars side by side) or epoch seconds (a time axis). */
  x:
    | { kind: 'categories'; labels: string[] }
    | { kind: 'time'; starts: number[]; label: (start: number) => string };
  series: ChartSeries[];
  /** Fixed y range (e.g. 0..100 for a rate); automatic from 0 when absent. */
  yMax?: number;
  yLabel?: string;
  height?: number;
}

const bars = uPlot.paths.bars?.({ size: [0.6, 48], gap: 2 });

/** Axis labels stay short (the table below the chart has them in full). */
function axisLabel(label: string): string {
  return label.length > 18 ? `${label.slice(0, 17)}…` : label;
}

function buildOptions(props: ChartProps, width: number): uPlot.Options {
  const categories = props.x.kind === 'categories' ? props.x.labels : null;
  const count = categories ? categories.length : props.x.kind === 'time' ? props.x.starts.length : 0;
  const grid = { stroke: '#e3e6ee', width: 1 };
  const rotated = categories !== null && categories.length > 3;
  return {
    width,
    height: props.height ?? 220,
    legend: { show: props.series.length > 1 },
    // Room on the right for the last rotated category label, which runs past its tick.
    padding: [
      12,
      rotated ? Math.max(16, Math.round(axisLabel(categories.at(-1) ?? '').length * 5.6)) : 16,
      null,
      null,
    ],
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: categories ? { time: false, range: [-0.5, Math.max(0.5, count - 0.5)] } : { time: true },
      y: { range: (_u, _min, max) => [0, props.yMax ?? Math.max(1, Math.ceil(max * 1.15))] },
    },
    axes: [
      {
        stroke: '#3b4252',
        grid: { show: false },
        ...(categories
          ? {
              splits: () => categories.map((_, index) => index),
              values: (_u: uPlot, splits: number[]) =>
                splits.map((index) => axisLabel(categories[index] ?? '')),
              rotate: rotated ? -25 : 0,
              size: rotated ? 80 : 40,
            }
          : {}),
      },
      { stroke: '#3b4252', grid, ...(props.yLabel ? { label: props.yLabel } : {}) },
    ],
    series: [
      {},
      ...props.series.map((series, index) => ({
        label: series.label,
        stroke: series.color,
        fill: series.kind === 'line' ? undefined : `${series.color}cc`,
        width: series.kind === 'line' ? 2 : 0,
        // Lines join across empty buckets; a second line is dashed, so equal values stay visible.
        ...(series.kind === 'line' ? { spanGaps: true, ...(index > 0 ? { dash: [6, 4] } : {}) } : {}),
        points: { show: series.kind === 'line' },
        ...(series.kind === 'line' || !bars
          ? {}
          : {
              paths:
                props.series.length > 1 && categories
                  ? uPlot.paths.bars?.({ size: [0.6 / props.series.length, 40], align: index === 0 ? -1 : 1 })
                  : bars,
            }),
        value: (_u: uPlot, value: number | null) =>
          value === null || value === undefined ? '–' : (series.format ?? String)(value),
      })),
    ],
  };
}

function chartData(props: ChartProps): uPlot.AlignedData {
  const x = props.x.kind === 'categories' ? props.x.labels.map((_, index) => index) : props.x.starts;
  return [x, ...props.series.map((series) => series.values)] as uPlot.AlignedData;
}

/** A chart that follows its container's width. */
export function Chart(props: ChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const width = () => Math.max(240, Math.floor(element.clientWidth));
    const plot = new uPlot(buildOptions(props, width()), chartData(props), element);
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: props.height ?? 220 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
    // The props object is rebuilt on each render; its JSON is the change worth redrawing for.
  }, [JSON.stringify(props)]);

  const rows =
    props.x.kind === 'categories'
      ? props.x.labels
      : props.x.starts.map((start) => (props.x as { label: (start: number) => string }).label(start));
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <div
        ref={holder}
        className="chart-canvas"
        role="img"
        aria-label={`${props.title} (chart; the numbers are in the table below)`}
      />
      <details className="chart-table">
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.x.kind === 'time' ? 'From' : 'Item'}</th>
              {props.series.map((series) => (
                <th scope="col" key={series.label}>
                  {series.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((label, index) => (
              <tr key={`${label}-${index}`}>
                <th scope="row">{label}</th>
                {props.series.map((series) => {
                  const value = series.values[index];
                  return (
                    <td key={series.label}>
                      {value === null || value === undefined ? '–' : (series.format ?? String)(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
