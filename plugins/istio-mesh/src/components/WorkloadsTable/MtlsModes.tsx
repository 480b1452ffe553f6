import { ReactNode } from 'react';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { MtlsMode, WorkloadMtls } from '@istio-mesh/plugin-istio-mesh-common';

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

/**
 * Effective inbound mTLS of a workload: its mode, then one line per port
 * (`port 9090: PERMISSIVE`), anything short of STRICT flagged.
 *
 * @internal
 */
export function MtlsModes(props: { mtls: WorkloadMtls }) {
  const { mtls } = props;
  return (
    <>
      <div>
        <ModeStatus mode={mtls.mode}>{mtls.mode}</ModeStatus>
      </div>
      {Object.entries(mtls.ports).map(([port, mode]) => (
        <div key={port}>
          <ModeStatus mode={mode}>{`port ${port}: ${mode}`}</ModeStatus>
        </div>
      ))}
    </>
  );
}
