import { runExampleFirstStep } from '../__testUtils__/runExampleFirstStep';
import { createVirtualServiceCreateAction } from './virtualServiceCreate';
import { examples } from './virtualServiceCreate.examples';

describe('istio:virtualservice:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      await expect(
        runExampleFirstStep(example, createVirtualServiceCreateAction()),
      ).resolves.toStrictEqual({
        status: 'created',
        problems: [],
        kind: 'VirtualService',
      });
    },
  );
});
