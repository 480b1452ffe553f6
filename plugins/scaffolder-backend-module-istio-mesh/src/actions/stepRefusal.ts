import { InputError } from '@backstage/errors';
import { ActionContext } from '@backstage/plugin-scaffolder-node';

/**
 * The error an action throws when it refuses what the form asks for (the
 * analysis finds errors, an existing resource would change without
 * confirmation, a referenced object does not exist): an `InputError`, so
 * that the scaffolder marks the step failed with this message and its
 * dry-run API answers 400 with it, never 500. The message starts with the
 * step's name, since the dry-run answer carries no other trace of the step.
 */
export function stepRefusal(
  ctx: Pick<ActionContext<any, any>, 'step'>,
  message: string,
): InputError {
  const step = ctx.step?.name ?? ctx.step?.id;
  return new InputError(step ? `${step}: ${message}` : message);
}
