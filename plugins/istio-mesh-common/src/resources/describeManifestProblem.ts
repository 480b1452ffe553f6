import { ManifestProblem } from './parseManifests';

/**
 * One manifest problem as one line, `file:line: Kind namespace/name: message`,
 * the shape editors and CI annotations link to; the parts not known are left
 * out. `file: false` leaves out the file where the caller already named it
 * (a snapshot) or there is none (objects listed from a cluster):
 * `line 3: Kind namespace/name: message`.
 *
 * @public
 */
export function describeManifestProblem(
  problem: ManifestProblem,
  options: { file?: boolean } = {},
): string {
  const { file, line, kind, namespace, name } = problem;
  let where: string;
  if (options.file === false) where = line ? `line ${line}` : '';
  else where = line ? `${file}:${line}` : file;
  const objectName = [namespace, name].filter(Boolean).join('/');
  const object = kind ? [kind, objectName].filter(Boolean).join(' ') : '';
  // The YAML parser's messages end with `at line 3, column 1:`.
  const message = problem.message.replace(/:$/, '');
  return [where, object, message].filter(Boolean).join(': ');
}
