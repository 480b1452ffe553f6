import { InputError } from '@backstage/errors';

/**
 * The object a builder is making, as named in error messages.
 *
 * @public
 */
export interface ManifestSubject {
  kind: string;
  name: string;
  namespace?: string;
}

/** `VirtualService boutique-dev/reviews`, or `VirtualService reviews` without a namespace. */
function describeSubject(subject: ManifestSubject): string {
  const { kind, name, namespace } = subject;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * The error for a builder input that cannot be used: it names the input
 * field (as the scaffolder action's input spells it, e.g. `split[1].weight`)
 * and, where known, the object being built. An `InputError`, so the
 * scaffolder and the backend report it as the caller's mistake.
 *
 * @public
 */
export function invalidInput(
  field: string,
  problem: string,
  subject?: ManifestSubject,
): InputError {
  const target = subject ? ` for ${describeSubject(subject)}` : '';
  return new InputError(`Invalid input "${field}"${target}: ${problem}`);
}
