import { theme } from 'antd';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  values: number[];
}

/**
 * A small inline SVG line chart (Ant Design has no charts; no chart library for one picture).
 * Values are plotted as given (integers); the y-range always includes zero so negative profit
 * shows below the axis line.
 */
export function LineChart({
  labels,
  series,
  height = 180,
  format,
  testId,
}: {
  labels: string[];
  series: ChartSeries[];
  height?: number;
  format: (value: number) => string;
  testId?: string;
}) {
  const { token } = theme.useToken();
  const width = 600;
  const pad = { left: 8, right: 8, top: 10, bottom: 20 };
  const all = series.flatMap((s) => s.values);
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const span = max - min || 1;
  const n = Math.max(labels.length, 1);
  const x = (i: number) => pad.left + (n === 1 ? 0 : (i * (width - pad.left - pad.right)) / (n - 1));
  const y = (v: number) => pad.top + ((max - v) * (height - pad.top - pad.bottom)) / span;
  return (
    <figure data-testid={testId} style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={series.map((s) => s.label).join(', ')}>
        <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} stroke={token.colorBorder} />
        {series.map((s) => (
          <polyline
            key={s.key}
            data-series={s.key}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
        ))}
        {labels.length > 0 && (
          <>
            <text x={pad.left} y={height - 4} fontSize={11} fill={token.colorTextSecondary}>
              {labels[0]}
            </text>
            <text x={width - pad.right} y={height - 4} fontSize={11} textAnchor="end" fill={token.colorTextSecondary}>
              {labels[labels.length - 1]}
            </text>
          </>
        )}
        <text x={width - pad.right} y={pad.top + 2} fontSize={11} textAnchor="end" fill={token.colorTextSecondary}>
          {format(max)}
        </text>
      </svg>
      <figcaption style={{ display: 'flex', gap: 16, flexWrap: 'wrap', fontSize: 12 }}>
        {series.map((s) => (
          <span key={s.key}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: s.color, marginRight: 4 }} />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
