import { Analyzer } from '../../types';
import { meshEvaluationOf, workloadObjectOf } from './meshEvaluation';

/**
 * ISM0001: a workload port that bypasses the sidecar while its effective
 * PeerAuthentication mode is STRICT (SEMANTICS §1.2a). Reported on the
 * workload's controller (or bare pod).
 *
 * @public
 */
export const uncapturedPortAnalyzer: Analyzer = {
  name: 'istiomesh.UncapturedPortAnalyzer',
  description:
    'Finds workload ports left out of inbound capture while their mTLS mode is STRICT',
  analyze(context) {
    for (const { report } of meshEvaluationOf(context).workloads) {
      const { mtls } = report;
      const uncaptured = Object.entries(mtls.uncaptured);
      if (uncaptured.length === 0) continue;
      const target = workloadObjectOf(context, report);
      if (!target) continue;
      for (const [port, cause] of uncaptured) {
        if ((mtls.ports[port] ?? mtls.mode) !== 'STRICT') continue;
        context.report(
          'ISM0001',
          target,
          [Number(port), cause],
          report.kind === 'Pod'
            ? 'metadata.annotations'
            : 'spec.template.metadata.annotations',
        );
      }
    }
  },
};
