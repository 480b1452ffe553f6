import {
  MeshConfigSummary,
  WorkloadReport,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * A workload as the JSON output shows it: the report without its pods (which
 * change with every rollout) and cluster (manifests have none). Fields are
 * picked one by one so that the output's key order is the contract's.
 */
function jsonWorkload(report: WorkloadReport) {
  const { mtls } = report;
  return {
    namespace: report.namespace,
    name: report.name,
    kind: report.kind,
    serviceAccount: report.serviceAccount,
    dataplane: report.dataplane,
    mtls: {
      mode: mtls.mode,
      ports: mtls.ports,
      policies: mtls.policies,
      uncaptured: mtls.uncaptured,
    },
    authorization: { policies: report.authorization.policies },
    virtualServices: report.virtualServices,
    destinationRules: report.destinationRules,
    clientTls: report.clientTls,
    criteria: report.criteria,
  };
}

/** The report as 2-space indented JSON, for machines. */
export function formatJsonReport(
  reports: WorkloadReport[],
  meshConfig: MeshConfigSummary,
): string {
  return `${JSON.stringify(
    { meshConfig, workloads: reports.map(jsonWorkload) },
    null,
    2,
  )}\n`;
}
