/**
 * Horizontal grouped bar charts as inline SVG: no script, no network. Inline SVG in HTML needs no
 * namespace attribute, so the report holds no URL at all.
 */

export interface BarGroup {
  label: string;
  /** One bar per series, in series order; null draws nothing (the figure does not exist). */
  values: (number | null)[];
  /** Text written after each bar. */
  texts: string[];
}

export interface BarChartOptions {
  title: string;
  series: { name: string; color: string }[];
  groups: BarGroup[];
  /** The value a full-width bar stands for. */
  max: number;
}

/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const LABEL_WIDTH = 230;
const BAR_WIDTH = 360;
const BAR_HEIGHT = 14;
const GAP = 10;

/** One chart: a row per group, a bar per series, the figure beside each bar. */
export function barChart(options: BarChartOptions): string {
  const rowHeight = options.series.length * (BAR_HEIGHT + 2) + GAP;
  const legendHeight = 22;
  const height = legendHeight + options.groups.length * rowHeight + 4;
  const width = LABEL_WIDTH + BAR_WIDTH + 120;
  const parts: string[] = [];
  options.series.forEach((series, index) => {
    const x = LABEL_WIDTH + index * 160;
    parts.push(
      `<rect x="${x}" y="4" width="12" height="12" fill="${series.color}"/>`,
      `<text x="${x + 16}" y="14" class="legend">${escapeHtml(series.name)}</text>`,
    );
  });
  options.groups.forEach((group, row) => {
    const top = legendHeight + row * rowHeight;
    const label = group.label.length > 34 ? `${group.label.slice(0, 33)}…` : group.label;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${top + (rowHeight - GAP) / 2 + 4}" text-anchor="end"><title>${escapeHtml(group.label)}</title>${escapeHtml(label)}</text>`,
    );
    group.values.forEach((value, index) => {
      const y = top + index * (BAR_HEIGHT + 2);
      const series = options.series[index]!;
      const length =
        value === null || options.max <= 0
          ? 0
          : Math.max(value > 0 ? 1 : 0, (value / options.max) * BAR_WIDTH);
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" fill="${series.color}"><title>${escapeHtml(`${series.name}: ${group.texts[index] ?? ''}`)}</title></rect>`,
        `<text x="${LABEL_WIDTH + length + 4}" y="${y + BAR_HEIGHT - 3}" class="value">${escapeHtml(group.texts[index] ?? '')}</text>`,
      );
    });
  });
  return (
    `<figure><figcaption>${escapeHtml(options.title)}</figcaption>` +
    `<svg role="img" aria-label="${escapeHtml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `${parts.join('')}</svg></figure>`
  );
}
