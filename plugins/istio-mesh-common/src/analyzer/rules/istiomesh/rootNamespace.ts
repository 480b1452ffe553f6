import { resolveMeshConfiguration } from '../../../meshConfig/meshConfiguration';
import { Analyzer } from '../../types';

/**
 * ISM0003: an explicit root namespace (`istioMesh.rootNamespace`,
 * `--root-namespace`) that differs from the one a mesh configuration
 * document in the inputs gives istiod. Reported on that document.
 *
 * @public
 */
export const rootNamespaceAnalyzer: Analyzer = {
  name: 'istiomesh.RootNamespaceAnalyzer',
  description:
    'Finds an explicit root namespace that disagrees with the mesh configuration in the inputs',
  analyze(context) {
    if (!context.meshSettings.rootNamespace) return;
    const objects = context.all();
    const configuration = resolveMeshConfiguration(
      objects.map(entry => entry.object),
      context.meshSettings,
    );
    for (const conflict of configuration.rootNamespaceConflicts) {
      const target = objects.find(
        entry => entry.object === conflict.document.object,
      );
      if (!target) continue;
      context.report(
        'ISM0003',
        target,
        [
          conflict.setting,
          conflict.value,
          conflict.document.config.rootNamespace,
          conflict.value,
        ],
        conflict.document.kind === 'ConfigMap'
          ? 'data.mesh'
          : 'spec.values.meshConfig',
      );
    }
  },
};
