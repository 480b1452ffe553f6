import { resolveMeshConfiguration } from '../../../meshConfig/meshConfiguration';
import { isRecord } from '../../../resources/specFields';
import { Analyzer } from '../../types';

/**
 * ISM0004: a CUSTOM AuthorizationPolicy whose provider is not among the
 * mesh's `extensionProviders` (SEMANTICS §3.2, istio `builder.go`
 * getBadCustomDenyRules: istiod then denies what the policy matches).
 * Reported only when the extension providers are known: a mesh
 * configuration is among the inputs, or was given explicitly.
 *
 * @public
 */
export const customProviderAnalyzer: Analyzer = {
  name: 'istiomesh.CustomProviderAnalyzer',
  description:
    'Finds CUSTOM AuthorizationPolicies whose provider the mesh configuration does not define',
  analyze(context) {
    const policies = context.list('security.istio.io', 'AuthorizationPolicy');
    const custom = policies.filter(entry => {
      const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
      return spec.action === 'CUSTOM';
    });
    if (custom.length === 0) return;
    const { mesh } = resolveMeshConfiguration(
      context.all().map(entry => entry.object),
      context.meshSettings,
    );
    if (!mesh.extensionProvidersKnown) return;
    const known = mesh.extensionProviders;
    for (const entry of custom) {
      const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
      const provider = isRecord(spec.provider) ? spec.provider.name : undefined;
      const name = typeof provider === 'string' ? provider : '';
      if (known.includes(name)) continue;
      context.report(
        'ISM0004',
        entry,
        [
          name,
          context.meshSettings.extensionProviders?.setting ?? mesh.source,
          known.length ? known.join(', ') : 'none',
        ],
        'spec.provider.name',
      );
    }
  },
};
