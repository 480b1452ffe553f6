import {
  clientTlsConflicts,
  enforcesInboundMtls,
} from '../../../criteria/mtlsStrict';
import { objectKey } from '../../../resources/objects';
import { Analyzer } from '../../types';
import { meshEvaluationOf, workloadObjectOf } from './meshEvaluation';

const SENT: Record<string, string> = {
  DISABLE: 'plaintext',
  SIMPLE: 'TLS that is not Istio mTLS (SIMPLE)',
};

/**
 * ISM0002: clients configured to send plaintext or non-Istio TLS to a
 * captured port whose effective mode is STRICT (SEMANTICS §2, §6). Reported
 * on the DestinationRule that decides, or on the server workload when auto
 * mTLS decides.
 *
 * @public
 */
export const clientTlsAnalyzer: Analyzer = {
  name: 'istiomesh.ClientTlsAnalyzer',
  description:
    'Finds DestinationRules that send plaintext or non-Istio TLS to ports that require Istio mTLS',
  analyze(context) {
    const rules = new Map(
      context
        .list('networking.istio.io', 'DestinationRule')
        .map(entry => [objectKey(entry.object), entry]),
    );
    for (const { report } of meshEvaluationOf(context).workloads) {
      const { mtls } = report;
      if (!enforcesInboundMtls(report)) continue;
      const conflicts = clientTlsConflicts(
        report.clientTls,
        port => mtls.ports[String(port)] ?? mtls.mode,
        mtls.uncaptured,
      );
      for (const entry of conflicts) {
        const target =
          (entry.destinationRule && rules.get(entry.destinationRule)) ||
          workloadObjectOf(context, report);
        if (!target) continue;
        const clients =
          entry.clientNamespace === '*'
            ? 'in namespaces without a rule of their own'
            : `in ${entry.clientNamespace}`;
        context.report(
          'ISM0002',
          target,
          [
            clients,
            SENT[entry.mode],
            `${report.namespace}/${entry.service}`,
            entry.port,
            entry.targetPort,
            `${report.kind} ${report.namespace}/${report.name}`,
            entry.reason,
          ],
          entry.destinationRule ? entry.path ?? 'spec' : '',
        );
      }
    }
  },
};
