import { runExampleFirstStep } from '../__testUtils__/runExampleFirstStep';
import { createHttpRouteCreateAction } from './httpRouteCreate';
import { examples } from './httpRouteCreate.examples';

// The examples' parent, declared in the repository as the action requires.
const REPOSITORY = {
  'infrastructure/network/gateway/gateway.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: homelab-gateway
  namespace: gateway
spec:
  gatewayClassName: istio
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      tls:
        certificateRefs:
          - name: homelab-tls
      allowedRoutes:
        namespaces:
          from: All
`,
};

describe('istio:httproute:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      await expect(
        runExampleFirstStep(example, createHttpRouteCreateAction(), REPOSITORY),
      ).resolves.toStrictEqual({
        status: 'created',
        problems: [],
        kind: 'HTTPRoute',
      });
    },
  );
});
