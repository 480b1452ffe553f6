import { runExampleFirstStep } from '../__testUtils__/runExampleFirstStep';
import { createHttpRouteCreateAction } from './httpRouteCreate';
import { examples } from './httpRouteCreate.examples';

describe('istio:httproute:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      await expect(
        runExampleFirstStep(example, createHttpRouteCreateAction()),
      ).resolves.toStrictEqual({
        status: 'created',
        problems: [],
        kind: 'HTTPRoute',
      });
    },
  );
});
