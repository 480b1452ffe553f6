import { isRecord } from '../../../resources/specFields';
import { AnalyzedObject, Analyzer, AnalyzerContext } from '../../types';

// DestinationRule is not in resources/schemas.ts, so its spec arrives
// unchecked: these name only the fields read here, each one narrowed on read.
interface ClientTlsSettings {
  mode?: unknown;
  caCertificates?: unknown;
  credentialName?: unknown;
}

interface PortTrafficPolicy {
  port?: unknown;
  tls?: unknown;
}

interface DestinationRuleSpec {
  host?: unknown;
  workloadSelector?: unknown;
  trafficPolicy?: unknown;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function tlsSettings(value: unknown): ClientTlsSettings | undefined {
  return isRecord(value) ? value : undefined;
}

// Only SIMPLE and MUTUAL verify the server with a CA the user supplies:
// DISABLE is plaintext and ISTIO_MUTUAL uses Istio's own CA. A client
// selected by workloadSelector may take the CA from the credentialName
// secret, which istioctl accepts (ca-certificates.go).
function lacksCaCertificates(
  tls: ClientTlsSettings | undefined,
  hasWorkloadSelector: boolean,
): tls is ClientTlsSettings {
  if (!tls || (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL')) return false;
  if (text(tls.caCertificates) !== '') return false;
  return !(text(tls.credentialName) !== '' && hasWorkloadSelector);
}

// istioctl prints the PortSelector in protobuf text form, e.g. `number:443`.
function portSelectorText(policy: PortTrafficPolicy): string {
  const number = isRecord(policy.port) ? policy.port.number : undefined;
  return typeof number === 'number' ? `number:${number}` : '';
}

function analyzeDestinationRule(
  context: AnalyzerContext,
  entry: AnalyzedObject,
) {
  const { metadata } = entry.object;
  const namespace = metadata.namespace ?? '';
  const fullName = namespace ? `${namespace}/${metadata.name}` : metadata.name;
  const spec: DestinationRuleSpec = isRecord(entry.object.spec)
    ? entry.object.spec
    : {};
  const host = text(spec.host);
  const hasWorkloadSelector = isRecord(spec.workloadSelector);
  const trafficPolicy = isRecord(spec.trafficPolicy) ? spec.trafficPolicy : {};

  const tls = tlsSettings(trafficPolicy.tls);
  if (lacksCaCertificates(tls, hasWorkloadSelector)) {
    context.report(
      'IST0128',
      entry,
      [fullName, namespace, tls.mode, host],
      'spec.trafficPolicy.tls.mode',
    );
  }

  const portLevelSettings = trafficPolicy.portLevelSettings;
  if (!Array.isArray(portLevelSettings)) return;
  portLevelSettings.forEach((setting: unknown, index) => {
    if (!isRecord(setting)) return;
    const policy: PortTrafficPolicy = setting;
    const portTls = tlsSettings(policy.tls);
    if (lacksCaCertificates(portTls, hasWorkloadSelector)) {
      context.report(
        'IST0129',
        entry,
        [fullName, namespace, portTls.mode, host, portSelectorText(policy)],
        `spec.trafficPolicy.portLevelSettings[${index}].tls.mode`,
      );
    }
  });
}

/**
 * `destinationrule.CaCertificateAnalyzer`: a DestinationRule whose
 * destination-level (IST0128) or port-level (IST0129) TLS mode is SIMPLE or
 * MUTUAL without `caCertificates` does not verify the server's certificate.
 * Exempt when `credentialName` is set on a rule with a `workloadSelector`.
 * Subset-level TLS is not checked, as in istioctl.
 *
 * @public
 */
export const caCertificateAnalyzer: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  description: 'Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL',
  analyze(context) {
    for (const entry of context.list(
      'networking.istio.io',
      'DestinationRule',
    )) {
      analyzeDestinationRule(context, entry);
    }
  },
};
