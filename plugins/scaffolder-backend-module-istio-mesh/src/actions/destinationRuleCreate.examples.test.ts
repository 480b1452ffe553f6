import { runExampleFirstStep } from '../__testUtils__/runExampleFirstStep';
import { createDestinationRuleCreateAction } from './destinationRuleCreate';
import { examples } from './destinationRuleCreate.examples';

describe('istio:destinationrule:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      await expect(
        runExampleFirstStep(example, createDestinationRuleCreateAction()),
      ).resolves.toStrictEqual({
        status: 'created',
        problems: [],
        kind: 'DestinationRule',
      });
    },
  );
});
