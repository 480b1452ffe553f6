/*
 * Draws docs/images/scale-benchmark.svg from the JSON lines the scale
 * benchmark prints last: the first refresh's wall time and the backend's
 * peak RSS against the number of services, one point per profile, with
 * the targets of issue 17 as dashed lines.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/scale/renderChart.ts \
 *     < results.jsonl > ../../docs/images/scale-benchmark.svg
 */
import { readFileSync } from 'node:fs';
import { SCALE_PROFILES } from './generateMesh';

interface Result {
  profile: keyof typeof SCALE_PROFILES;
  refreshSeconds: number;
  peakRssMb: number;
}

const services = (profile: Result['profile']) => {
  const p = SCALE_PROFILES[profile];
  return p.clusters * p.namespacesPerCluster * p.servicesPerNamespace;
};

const WIDTH = 300;
const HEIGHT = 220;
const TOP = 50;

/** A round step giving about five grid lines up to `max`. */
function step(max: number): number {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(s => s >= raw)!;
}

function panel(options: {
  left: number;
  title: string;
  unit: string;
  points: Array<{ x: number; y: number; label: string }>;
  target: { value: number; label: string };
}): string {
  const { left, points, target } = options;
  const xTop = Math.max(...points.map(p => p.x)) * 1.05;
  const xStep = step(xTop);
  const xMax = xStep * Math.ceil(xTop / xStep);
  const yTop = Math.max(target.value, ...points.map(p => p.y)) * 1.1;
  const yStep = step(yTop);
  const yMax = yStep * Math.ceil(yTop / yStep);
  const x = (v: number) => (left + (v / xMax) * WIDTH).toFixed(1);
  const y = (v: number) => (TOP + HEIGHT - (v / yMax) * HEIGHT).toFixed(1);
  const bottom = TOP + HEIGHT;
  const out = [
    `<text x="${
      left + WIDTH / 2
    }" y="30" text-anchor="middle" font-weight="bold">${options.title}</text>`,
    `<line x1="${left}" y1="${bottom}" x2="${
      left + WIDTH
    }" y2="${bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${TOP}" x2="${left}" y2="${bottom}" stroke="#333"/>`,
  ];
  for (let v = 0; v <= xMax; v += xStep) {
    out.push(
      `<text x="${x(v)}" y="${
        bottom + 16
      }" text-anchor="middle" font-size="11">${v.toLocaleString(
        'en-US',
      )}</text>`,
    );
  }
  out.push(
    `<text x="${left + WIDTH / 2}" y="${
      bottom + 34
    }" text-anchor="middle" font-size="12">services (entities)</text>`,
  );
  for (let v = 0; v <= yMax; v += yStep) {
    out.push(
      `<text x="${left - 6}" y="${
        Number(y(v)) + 4
      }" text-anchor="end" font-size="11">${v.toLocaleString('en-US')}</text>`,
      `<line x1="${left}" y1="${y(v)}" x2="${left + WIDTH}" y2="${y(
        v,
      )}" stroke="#eee"/>`,
    );
  }
  const middle = TOP + HEIGHT / 2;
  out.push(
    `<text x="${
      left - 46
    }" y="${middle}" font-size="12" transform="rotate(-90 ${
      left - 46
    } ${middle})" text-anchor="middle">${options.unit}</text>`,
    `<line x1="${left}" y1="${y(target.value)}" x2="${left + WIDTH}" y2="${y(
      target.value,
    )}" stroke="#c00" stroke-dasharray="5,4"/>`,
    `<text x="${left + WIDTH - 4}" y="${
      Number(y(target.value)) - 5
    }" text-anchor="end" font-size="11" fill="#c00">${target.label}</text>`,
  );
  const sorted = [...points].sort((a, b) => a.x - b.x);
  if (sorted.length > 1) {
    out.push(
      `<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="${sorted
        .map(p => `${x(p.x)},${y(p.y)}`)
        .join(' ')}"/>`,
    );
  }
  for (const p of sorted) {
    out.push(
      `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="4" fill="#1f5fa8"/>`,
      `<text x="${Number(x(p.x)) - 6}" y="${
        Number(y(p.y)) - 8
      }" text-anchor="end" font-size="11">${p.label}</text>`,
    );
  }
  return out.join('\n');
}

const results: Result[] = readFileSync(0, 'utf8')
  .split('\n')
  .filter(line => line.trim().startsWith('{'))
  .map(line => JSON.parse(line));

process.stdout.write(
  [
    `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="330" viewBox="0 0 800 330" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel({
      left: 70,
      title: 'First refresh, wall time',
      unit: 'seconds',
      points: results.map(r => ({
        x: services(r.profile),
        y: r.refreshSeconds,
        label: `${r.profile}: ${r.refreshSeconds}`,
      })),
      target: { value: 60, label: 'target at M: 60 s' },
    }),
    panel({
      left: 470,
      title: 'Backend peak RSS',
      unit: 'MB',
      points: results.map(r => ({
        x: services(r.profile),
        y: r.peakRssMb,
        label: `${r.profile}: ${r.peakRssMb.toLocaleString('en-US')}`,
      })),
      target: { value: 1024, label: 'target at M: 1 GB' },
    }),
    '</svg>',
    '',
  ].join('\n'),
);
