import { Analyzer } from './types';
import { authzAnalyzers } from './rules/authz';
import { deploymentAnalyzers } from './rules/deployment';
import { destinationRuleAnalyzers } from './rules/destinationrule';
import { injectionAnalyzers } from './rules/injection';
import { serviceAnalyzers } from './rules/service';
import { sidecarAnalyzers } from './rules/sidecar';
import { virtualServiceAnalyzers } from './rules/virtualservice';
import { istioMeshAnalyzers } from './rules/istiomesh';

/**
 * Every implemented analyzer, in order of names: istioctl's, and this
 * project's own (`istiomesh.*`, `ISM` codes).
 *
 * @public
 */
export const ALL_ANALYZERS: Analyzer[] = [
  ...authzAnalyzers,
  ...deploymentAnalyzers,
  ...destinationRuleAnalyzers,
  ...injectionAnalyzers,
  ...serviceAnalyzers,
  ...sidecarAnalyzers,
  ...virtualServiceAnalyzers,
  ...istioMeshAnalyzers,
].sort((a, b) => a.name.localeCompare(b.name));

/**
 * Picks analyzers by istioctl name; throws naming any unknown one.
 *
 * @public
 */
export function selectAnalyzers(names: string[]): Analyzer[] {
  return names.map(name => {
    const analyzer = ALL_ANALYZERS.find(a => a.name === name);
    if (!analyzer) {
      throw new Error(
        `unknown analyzer "${name}"; known: ${ALL_ANALYZERS.map(
          a => a.name,
        ).join(', ')}`,
      );
    }
    return analyzer;
  });
}
