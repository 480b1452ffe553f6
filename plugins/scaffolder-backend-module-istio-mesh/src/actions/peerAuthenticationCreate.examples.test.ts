import { runExampleFirstStep } from '../__testUtils__/runExampleFirstStep';
import { createPeerAuthenticationCreateAction } from './peerAuthenticationCreate';
import { examples } from './peerAuthenticationCreate.examples';

describe('istio:peerauthentication:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      await expect(
        runExampleFirstStep(example, createPeerAuthenticationCreateAction()),
      ).resolves.toStrictEqual({
        status: 'created',
        problems: [],
        kind: 'PeerAuthentication',
      });
    },
  );
});
