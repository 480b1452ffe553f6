import { ManifestProblem } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * One problem as `file:line: message`, the shape editors and CI annotations
 * link to, with the object it concerns when known.
 */
export function formatManifestProblem(problem: ManifestProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  const { kind, namespace, name } = problem;
  const object =
    kind && name ? `${kind} ${namespace ? `${namespace}/` : ''}${name}: ` : '';
  return `${where}: ${object}${problem.message}`;
}
