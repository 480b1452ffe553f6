import { runExampleFirstStep } from '../__testUtils__/runExampleFirstStep';
import { createAuthorizationPolicyCreateAction } from './authorizationPolicyCreate';
import { examples } from './authorizationPolicyCreate.examples';

describe('istio:authorizationpolicy:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      await expect(
        runExampleFirstStep(example, createAuthorizationPolicyCreateAction()),
      ).resolves.toStrictEqual({
        status: 'created',
        problems: [],
        kind: 'AuthorizationPolicy',
      });
    },
  );
});
