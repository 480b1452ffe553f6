import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { AnalyzeResponse } from '@istio-mesh/plugin-istio-mesh-common';
import { createAuthorizationImpactCheck } from './authorizationImpactCheck';

const POLICY = {
  path: 'apps/base/online-boutique/base/istio/authorizationpolicy-emailservice.yaml',
  content: `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: emailservice-allow
  namespace: boutique-dev
spec:
  selector:
    matchLabels:
      app: emailservice
  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/boutique-dev/sa/checkoutservice
`,
};

const response = (overrides: Partial<AnalyzeResponse>): AnalyzeResponse => ({
  cluster: 'homelab',
  messages: [],
  problems: [],
  authorizationImpact: [],
  sources: [],
  ...overrides,
});

describe('createAuthorizationImpactCheck', () => {
  const initiatorCredentials = mockCredentials.user();

  it('asks the backend about the files and merges the denied callers', async () => {
    const analyze = jest.fn().mockResolvedValue(
      response({
        authorizationImpact: [
          {
            policy: 'boutique-dev/emailservice-allow',
            targets: ['boutique-dev/emailservice'],
            deniedCallers: [
              {
                namespace: 'boutique-dev',
                serviceAccount: 'frontend',
                workloads: ['frontend'],
              },
              {
                namespace: 'boutique-dev',
                serviceAccount: 'cartservice',
                workloads: ['cartservice'],
              },
            ],
          },
          {
            policy: 'boutique-dev/emailservice-allow-v2',
            targets: ['boutique-dev/emailservice-v2'],
            deniedCallers: [
              {
                namespace: 'boutique-dev',
                serviceAccount: 'frontend',
                workloads: ['frontend-canary'],
              },
            ],
          },
        ],
      }),
    );
    const check = createAuthorizationImpactCheck({ analyze });
    await expect(
      check({ files: [POLICY], initiatorCredentials }),
    ).resolves.toStrictEqual([
      {
        namespace: 'boutique-dev',
        serviceAccount: 'cartservice',
        workloads: ['cartservice'],
      },
      {
        namespace: 'boutique-dev',
        serviceAccount: 'frontend',
        workloads: ['frontend', 'frontend-canary'],
      },
    ]);
    expect(analyze).toHaveBeenCalledWith(
      { files: [POLICY] },
      initiatorCredentials,
    );
  });

  it('is undefined, not empty, when the backend fails', async () => {
    const logger = mockServices.logger.mock();
    const check = createAuthorizationImpactCheck(
      { analyze: jest.fn().mockRejectedValue(new Error('fetch failed')) },
      logger,
    );
    await expect(
      check({ files: [POLICY], initiatorCredentials }),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not check which callers the AuthorizationPolicy would deny: fetch failed',
    );
  });

  it('says so when the initiator may not use the live check', async () => {
    const logger = mockServices.logger.mock();
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message:
              'Not allowed to analyze manifests against the live mesh (istio-mesh.analyze)',
          },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ) as any,
    );
    const check = createAuthorizationImpactCheck(
      { analyze: jest.fn().mockRejectedValue(refusal) },
      logger,
    );
    await expect(
      check({ files: [POLICY], initiatorCredentials }),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not check which callers the AuthorizationPolicy would deny: live check not permitted (istio-mesh.analyze)',
    );
  });

  it('is undefined when the backend has no live mesh', async () => {
    const logger = mockServices.logger.mock();
    const check = createAuthorizationImpactCheck(
      {
        analyze: jest.fn().mockResolvedValue(response({ cluster: undefined })),
      },
      logger,
    );
    await expect(
      check({ files: [POLICY], initiatorCredentials }),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not check which callers the AuthorizationPolicy would deny: the istio-mesh backend has no live mesh',
    );
  });
});
