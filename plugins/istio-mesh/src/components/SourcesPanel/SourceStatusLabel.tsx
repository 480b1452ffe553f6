import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { SourceStatus } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * A source's status word with the matching status icon: `ok` fine, `partial`
 * and `stale` degraded, `not-configured` off, the rest failed.
 *
 * @internal
 */
export function SourceStatusLabel(props: { status: SourceStatus }) {
  const { status } = props;
  switch (status) {
    case 'ok':
      return <StatusOK>{status}</StatusOK>;
    case 'partial':
    case 'stale':
      return <StatusWarning>{status}</StatusWarning>;
    case 'not-configured':
      return <StatusAborted>{status}</StatusAborted>;
    default:
      return <StatusError>{status}</StatusError>;
  }
}
