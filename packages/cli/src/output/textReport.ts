import { styleText } from 'node:util';
import {
  CriterionStatus,
  MeshConfigSummary,
  WorkloadReport,
} from '@istio-mesh/plugin-istio-mesh-common';

type Style = Parameters<typeof styleText>[0];

const STATUS_MARKS: Record<CriterionStatus, { mark: string; style: Style }> = {
  pass: { mark: '✓', style: 'green' },
  fail: { mark: '✗', style: 'red' },
  warn: { mark: '!', style: 'yellow' },
  unknown: { mark: '?', style: 'gray' },
};

// Order of the counts in the summary line.
const STATUS_ORDER: CriterionStatus[] = ['pass', 'warn', 'fail', 'unknown'];

/** Options for {@link formatTextReport}. */
export interface TextReportOptions {
  /** ANSI colours, for a terminal. */
  colour: boolean;
  /** The mesh configuration the workloads were evaluated under. */
  meshConfig?: MeshConfigSummary;
}

function workloadName(report: WorkloadReport) {
  // Manifests from a kustomize base often leave the namespace to the overlay.
  return report.namespace ? `${report.namespace}/${report.name}` : report.name;
}

function mtlsLine(report: WorkloadReport) {
  const { mode, ports, policies, uncaptured } = report.mtls;
  const overrides = [
    ...Object.entries(ports)
      .filter(([, portMode]) => portMode !== mode)
      .map(([port, portMode]) => `; port ${port} ${portMode}`),
    ...Object.entries(uncaptured).map(
      ([port, cause]) => `; port ${port} not captured (${cause})`,
    ),
  ].join('');
  const source = policies.length
    ? `policies: ${policies.join(', ')}`
    : 'no PeerAuthentication applies';
  return `mTLS ${mode}${overrides}  (${source})`;
}

// Clients that do not send Istio mTLS, as `clients -> service:port MODE (rule)`.
function clientTlsLines(report: WorkloadReport): string[] {
  return report.clientTls
    .filter(entry => entry.mode !== 'AUTO' && entry.mode !== 'ISTIO_MUTUAL')
    .map(entry => {
      const clients =
        entry.clientNamespace === '*'
          ? 'other namespaces'
          : entry.clientNamespace;
      const subset = entry.subset ? ` subset ${entry.subset}` : '';
      const rule = entry.destinationRule
        ? ` (${entry.destinationRule})`
        : ' (auto mTLS)';
      return `clients in ${clients} -> ${entry.service}:${entry.port}${subset} ${entry.mode}${rule}`;
    });
}

function meshConfigLines(meshConfig: MeshConfigSummary): string[] {
  return [
    `Mesh configuration: root namespace ${meshConfig.rootNamespace}, trust domain ${meshConfig.trustDomain} (${meshConfig.source})`,
    ...meshConfig.conflicts.map(conflict => `  note: ${conflict}`),
    ...meshConfig.problems.map(problem => `  note: ${problem}`),
  ];
}

function policyLine(report: WorkloadReport) {
  const list = (label: string, keys: string[]) =>
    keys.length ? [`${label} ${keys.join(', ')}`] : [];
  const parts = [
    ...list('AuthorizationPolicies', report.authorization.policies),
    ...list('VirtualServices', report.virtualServices),
    ...list('DestinationRules', report.destinationRules),
  ];
  return parts.length
    ? parts.join('; ')
    : 'no AuthorizationPolicy, VirtualService or DestinationRule applies';
}

function summaryLine(
  reports: WorkloadReport[],
  paint: (style: Style, text: string) => string,
) {
  const counts = new Map<string, Map<CriterionStatus, number>>();
  for (const criterion of reports.flatMap(r => r.criteria)) {
    const byStatus = counts.get(criterion.id) ?? new Map();
    byStatus.set(criterion.status, (byStatus.get(criterion.status) ?? 0) + 1);
    counts.set(criterion.id, byStatus);
  }
  const noun = reports.length === 1 ? 'workload' : 'workloads';
  const perCriterion = [...counts].map(([id, byStatus]) => {
    const parts = STATUS_ORDER.filter(status => byStatus.has(status)).map(
      status =>
        paint(STATUS_MARKS[status].style, `${byStatus.get(status)} ${status}`),
    );
    return `${id} ${parts.join(', ')}`;
  });
  return `${reports.length} ${noun}${
    perCriterion.length ? `: ${perCriterion.join('; ')}` : ''
  }`;
}

/**
 * The report for people: one block per workload, one line per criterion, and
 * a summary line with the counts per criterion.
 */
export function formatTextReport(
  reports: WorkloadReport[],
  options: TextReportOptions,
): string {
  // The caller decides about colour (terminal, NO_COLOR), not styleText.
  const paint = options.colour
    ? (style: Style, text: string) =>
        styleText(style, text, { validateStream: false })
    : (_style: Style, text: string) => text;
  const idWidth = Math.max(
    0,
    ...reports.flatMap(r => r.criteria.map(c => c.id.length)),
  );

  const blocks = reports.map(report => {
    const lines = [
      `${paint('bold', `${report.kind} ${workloadName(report)}`)}  (sa ${
        report.serviceAccount
      }, ${report.dataplane})`,
      `  ${mtlsLine(report)}`,
      ...clientTlsLines(report).map(line => `  ${line}`),
      `  ${policyLine(report)}`,
      ...report.criteria.map(criterion => {
        const { mark, style } = STATUS_MARKS[criterion.status];
        const status = paint(style, `${mark} ${criterion.status.padEnd(7)}`);
        return `  ${status}  ${criterion.id.padEnd(idWidth)}  ${
          criterion.summary
        }`;
      }),
    ];
    return `${lines.join('\n')}\n`;
  });
  const header = options.meshConfig
    ? [`${meshConfigLines(options.meshConfig).join('\n')}\n`]
    : [];
  return [...header, ...blocks, `${summaryLine(reports, paint)}\n`].join('\n');
}
