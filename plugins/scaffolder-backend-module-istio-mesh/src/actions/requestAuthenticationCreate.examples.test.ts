import { runExampleFirstStep } from '../__testUtils__/runExampleFirstStep';
import { createRequestAuthenticationCreateAction } from './requestAuthenticationCreate';
import { examples } from './requestAuthenticationCreate.examples';

describe('istio:requestauthentication:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      await expect(
        runExampleFirstStep(example, createRequestAuthenticationCreateAction()),
      ).resolves.toStrictEqual({
        status: 'created',
        problems: [],
        kind: 'RequestAuthentication',
      });
    },
  );
});
