import {
  SourceState,
  SourceStatus,
} from '@istio-mesh/plugin-istio-mesh-common';

// Plain reasons, the same for every source of a status: no file path,
// repository or API server URL, no cluster address.
const PLAIN_REASONS: Record<SourceStatus, (source: SourceState) => string> = {
  ok: () => '',
  partial: () => 'some of its data could not be read',
  error: () => 'could not be read',
  timeout: () => 'did not answer in time',
  unauthorized: () => "refused the backend's credentials",
  'not-configured': () => 'not configured or not installed',
  stale: source => `last refreshed ${source.ageSeconds ?? '?'}s ago`,
};

/**
 * Sources as a caller may see them. Their messages name files, repository
 * URLs and API servers, which only callers allowed `istio-mesh.refresh`
 * (the platform team) see; others get each source's id, type, status and
 * age, with a plain reason for its status.
 */
export function sourcesForCaller(
  sources: SourceState[],
  showDetails: boolean,
): SourceState[] {
  if (showDetails) return sources;
  return sources.map(source => {
    const reason = PLAIN_REASONS[source.status]?.(source) ?? '';
    return {
      id: source.id,
      type: source.type,
      status: source.status,
      ...(reason ? { message: reason } : {}),
      ...(source.ageSeconds !== undefined
        ? { ageSeconds: source.ageSeconds }
        : {}),
    };
  });
}
