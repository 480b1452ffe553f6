import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { createBackendAnalyzer } from './backendAnalyzer';

const FILES = [
  {
    path: 'apps/base/istio/virtualservice.yaml',
    content:
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: frontend\n  namespace: boutique-dev\n',
  },
];

// fetch parses JSON in another realm, so answers are compared with toEqual.
const RESPONSE = {
  cluster: 'homelab',
  messages: [
    {
      code: 'IST0101',
      level: 'Error',
      kind: 'VirtualService',
      namespace: 'boutique-dev',
      name: 'frontend',
      message: 'Referenced host not found: "frontend-v3"',
      path: 'spec.http[0].route[0].destination.host',
      analyzer: 'virtualservice.DestinationHostAnalyzer',
      location: { file: 'apps/base/istio/virtualservice.yaml', line: 12 },
      documentationUrl:
        'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    },
  ],
  problems: [],
  authorizationImpact: [],
  sources: [{ id: 'kubernetes:homelab', type: 'kubernetes', status: 'ok' }],
};

interface Received {
  method?: string;
  url?: string;
  authorization?: string;
  contentType?: string;
  body: unknown;
}

describe('createBackendAnalyzer', () => {
  let server: Server;
  let baseUrl: string;
  let received: Received[];
  let answer: (res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let text = '';
      req.on('data', chunk => {
        text += chunk;
      });
      req.on('end', () => {
        received.push({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body: JSON.parse(text),
        });
        answer(res);
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api/istio-mesh`;
  });

  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  beforeEach(() => {
    received = [];
  });

  const discovery = {
    getBaseUrl: async (pluginId: string) =>
      baseUrl.replace('istio-mesh', pluginId),
    getExternalBaseUrl: async (pluginId: string) =>
      baseUrl.replace('istio-mesh', pluginId),
  };

  const analyzer = () =>
    createBackendAnalyzer({ discovery, auth: mockServices.auth() });

  const json = (status: number, body: unknown) => (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  it('posts the files on behalf of the initiator and returns the analysis', async () => {
    answer = json(200, RESPONSE);
    await expect(
      analyzer().analyze(
        { files: FILES, cluster: 'homelab' },
        mockCredentials.user('user:default/guest'),
      ),
    ).resolves.toEqual(RESPONSE);
    expect(received).toStrictEqual([
      {
        method: 'POST',
        url: '/api/istio-mesh/v1/analyze',
        authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.user('user:default/guest'),
          targetPluginId: 'istio-mesh',
        }),
        contentType: 'application/json',
        body: { files: FILES, cluster: 'homelab' },
      },
    ]);
  });

  it('fills in lists an older backend leaves out', async () => {
    answer = json(200, { messages: [] });
    await expect(
      analyzer().analyze({ files: FILES }, mockCredentials.user()),
    ).resolves.toEqual({
      messages: [],
      problems: [],
      authorizationImpact: [],
      sources: [],
    });
  });

  it('throws the backend error as a ResponseError', async () => {
    answer = json(400, {
      error: {
        name: 'InputError',
        message: 'cluster: no cluster named "prod" is configured',
      },
      request: { method: 'POST', url: '/api/istio-mesh/v1/analyze' },
      response: { statusCode: 400 },
    });
    const error = await analyzer()
      .analyze({ files: FILES, cluster: 'prod' }, mockCredentials.user())
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(400);
    expect(error.body.error.message).toBe(
      'cluster: no cluster named "prod" is configured',
    );
  });

  it('refuses an answer that is not an analysis', async () => {
    answer = json(200, { status: 'ok' });
    await expect(
      analyzer().analyze({ files: FILES }, mockCredentials.user()),
    ).rejects.toThrow(
      'istio-mesh backend answered POST /v1/analyze without a messages list',
    );
  });

  it('gives up on a backend that does not answer within timeoutMs', async () => {
    const held: ServerResponse[] = [];
    answer = res => held.push(res);
    const impatient = createBackendAnalyzer({
      discovery,
      auth: mockServices.auth(),
      timeoutMs: 100,
    });
    await expect(
      impatient.analyze({ files: FILES }, mockCredentials.user()),
    ).rejects.toThrow(/aborted due to timeout/);
    for (const res of held) res.destroy();
  });

  it('fails when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>(resolve =>
      closed.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>(resolve => closed.close(() => resolve()));
    const unreachable = createBackendAnalyzer({
      discovery: {
        getBaseUrl: async () => `http://127.0.0.1:${port}/api/istio-mesh`,
        getExternalBaseUrl: async () => '',
      },
      auth: mockServices.auth(),
    });
    await expect(
      unreachable.analyze({ files: FILES }, mockCredentials.user()),
    ).rejects.toThrow('fetch failed');
  });
});
