import { ReactNode } from 'react';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import {
  MtlsMode,
  WorkloadClientTls,
  WorkloadMtls,
} from '@istio-mesh/plugin-istio-mesh-common';

function ModeStatus(props: { mode: MtlsMode; children: ReactNode }) {
  switch (props.mode) {
    case 'STRICT':
      return <StatusOK>{props.children}</StatusOK>;
    case 'PERMISSIVE':
      return <StatusWarning>{props.children}</StatusWarning>;
    default:
      return <StatusError>{props.children}</StatusError>;
  }
}

function clientsOf(entry: WorkloadClientTls): string {
  const namespace =
    entry.clientNamespace === '*' ? 'other namespaces' : entry.clientNamespace;
  const selector = entry.clientSelector
    ? ` (${Object.entries(entry.clientSelector)
        .map(([key, value]) => `${key}=${value}`)
        .join(',')})`
    : '';
  return `${namespace}${selector}`;
}

/**
 * Effective inbound mTLS of a workload: its mode, then one line per port
 * (`port 9090: PERMISSIVE`), anything short of STRICT flagged; a port the
 * proxy never sees is flagged with its cause whatever its mode; then the
 * clients that do not send Istio mTLS.
 *
 * @internal
 */
export function MtlsModes(props: {
  mtls: WorkloadMtls;
  clientTls?: WorkloadClientTls[];
}) {
  const { mtls } = props;
  const plaintextClients = (props.clientTls ?? []).filter(
    entry => entry.mode !== 'AUTO' && entry.mode !== 'ISTIO_MUTUAL',
  );
  return (
    <>
      <div>
        <ModeStatus mode={mtls.mode}>{mtls.mode}</ModeStatus>
      </div>
      {Object.entries(mtls.ports).map(([port, mode]) => {
        const bypass = mtls.uncaptured?.[port];
        return (
          <div key={port}>
            {bypass ? (
              <StatusError>{`port ${port}: not captured, accepts plaintext (${bypass})`}</StatusError>
            ) : (
              <ModeStatus mode={mode}>{`port ${port}: ${mode}`}</ModeStatus>
            )}
          </div>
        );
      })}
      {plaintextClients.map(entry => (
        <div
          key={`${entry.service}:${entry.port}/${entry.clientNamespace}/${
            entry.subset ?? ''
          }/${JSON.stringify(entry.clientSelector ?? {})}`}
        >
          <StatusWarning>
            {`clients in ${clientsOf(entry)} send ${entry.mode} to ${
              entry.service
            }:${entry.port}${entry.subset ? ` (subset ${entry.subset})` : ''}${
              entry.destinationRule ? `, ${entry.destinationRule}` : ''
            }`}
          </StatusWarning>
        </div>
      ))}
    </>
  );
}
