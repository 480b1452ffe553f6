import { hostMatches, resolveShortName } from '../../../resolution/hosts';
import {
  isBoundToMesh,
  virtualServiceSpec,
} from '../../../resolution/trafficBinding';
import { objectKey } from '../../../resources/objects';
import { AnalyzedObject, Analyzer } from '../../types';

/**
 * `virtualservice.ConflictingMeshGatewayHostsAnalyzer`: two or more
 * VirtualServices bound to the mesh gateway that define the same host
 * (short names resolved in their namespace) for overlapping namespaces
 * (IST0109). VirtualServices exported to named namespaces also conflict with
 * ones exported everywhere whose host matches, wildcards included.
 *
 * @public
 */
export const conflictingMeshGatewayHostsAnalyzer: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  description:
    'Checks if multiple virtual services associated with the mesh gateway have conflicting hosts',
  analyze(context) {
    // `<scope>/<host>` -> VirtualServices; scope `*` or a namespace.
    const byScopedHost = new Map<string, AnalyzedObject[]>();
    for (const entry of context.list('networking.istio.io', 'VirtualService')) {
      const spec = virtualServiceSpec(entry.object);
      if (!isBoundToMesh(spec)) continue;
      const namespace = entry.object.metadata.namespace ?? '';
      const exportTo = spec.exportTo.length
        ? spec.exportTo
        : context.meshConfig.defaultVirtualServiceExportTo;
      const scopes = exportTo.includes('*')
        ? ['*']
        : [...new Set(exportTo.map(e => (e === '.' ? namespace : e)))];
      for (const scope of scopes) {
        for (const host of spec.hosts) {
          const key = `${scope}/${resolveShortName(host, namespace)}`;
          const entries = byScopedHost.get(key);
          if (entries) entries.push(entry);
          else byScopedHost.set(key, [entry]);
        }
      }
    }

    const split = (key: string) => {
      const slash = key.indexOf('/');
      return [key.slice(0, slash), key.slice(slash + 1)] as const;
    };
    const reported = new Set<string>();
    for (const [key, own] of byScopedHost) {
      const [scope, host] = split(key);
      const conflicting = [...own];
      if (scope !== '*') {
        for (const [otherKey, others] of byScopedHost) {
          const [otherScope, otherHost] = split(otherKey);
          if (otherScope === '*' && hostMatches(host, otherHost)) {
            conflicting.push(...others);
          }
        }
      }
      if (conflicting.length < 2) continue;
      const names = conflicting
        .map(vs => objectKey(vs.object))
        .sort()
        .join(',');
      for (const vs of conflicting) {
        const name = objectKey(vs.object);
        if (reported.has(name)) continue;
        reported.add(name);
        context.report('IST0109', vs, [names, key], 'metadata.name');
      }
    }
  },
};
