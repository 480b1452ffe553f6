import { IstioMeshClient } from './IstioMeshClient';

function clientWith(response: Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response.clone(),
  );
  const client = new IstioMeshClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://backstage:7007/api/${pluginId}`,
    },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('IstioMeshClient', () => {
  it('sends compliance filters as query parameters, leaving out unset ones', async () => {
    const page = { items: [], totalItems: 0, offset: 0, limit: 10 };
    const { client, fetch } = clientWith(json(page));

    await expect(
      client.getCompliance({
        owner: 'group:default/boutique-team',
        criterion: 'mtls-strict',
        status: 'fail',
        namespace: undefined,
        limit: 10,
      }),
    ).resolves.toEqual(page);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage:7007/api/istio-mesh/v1/compliance?owner=group%3Adefault%2Fboutique-team&criterion=mtls-strict&status=fail&limit=10',
    );
  });

  it('sends search and a criterion sort key with the other filters', async () => {
    const page = {
      items: [],
      totalItems: 0,
      offset: 0,
      limit: 50,
      staleAfterSeconds: 600,
    };
    const { client, fetch } = clientWith(json(page));

    await client.getCompliance({
      q: 'Pay Ment',
      system: 'online-boutique',
      orderBy: 'mtls-strict',
      order: 'desc',
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage:7007/api/istio-mesh/v1/compliance?q=Pay+Ment&system=online-boutique&orderBy=mtls-strict&order=desc',
    );
  });

  it('fetches the CSV of the filtered rows as text', async () => {
    const csv = 'entityRef,title\ncomponent:default/a,A\n';
    const { client, fetch } = clientWith(
      new Response(csv, { headers: { 'Content-Type': 'text/csv' } }),
    );

    await expect(
      client.getComplianceCsv(
        { criterion: 'mtls-strict', status: 'fail', q: 'a' },
        { token: 'plugin-token' },
      ),
    ).resolves.toBe(csv);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backstage:7007/api/istio-mesh/v1/compliance.csv?criterion=mtls-strict&status=fail&q=a',
    );
    const headers = new Headers(init?.headers);
    expect(headers.get('Accept')).toBe('text/csv');
    expect(headers.get('Authorization')).toBe('Bearer plugin-token');
  });

  it('rejects the CSV with the backend error, read as JSON', async () => {
    const { client } = clientWith(
      json(
        {
          error: { name: 'AuthenticationError', message: 'no credentials' },
          response: { statusCode: 401 },
        },
        401,
      ),
    );

    await expect(client.getComplianceCsv()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 401,
    });
  });

  it('posts manifests to analyze with the given token', async () => {
    const { client, fetch } = clientWith(
      json({
        messages: [],
        problems: [],
        authorizationImpact: [],
        sources: [],
      }),
    );

    await client.analyze(
      { files: [{ path: 'vs.yaml', content: 'kind: VirtualService' }] },
      { token: 'plugin-token' },
    );
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage:7007/api/istio-mesh/v1/analyze');
    expect(init?.method).toBe('POST');
    const headers = new Headers(init?.headers);
    expect(headers.get('Authorization')).toBe('Bearer plugin-token');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(init?.body as string)).toEqual({
      files: [{ path: 'vs.yaml', content: 'kind: VirtualService' }],
    });
  });

  it('rejects with the backend error for a status that is not ok', async () => {
    const { client } = clientWith(
      json(
        {
          error: { name: 'InputError', message: 'limit must be >= 1' },
          response: { statusCode: 400 },
        },
        400,
      ),
    );

    await expect(client.getCompliance({ limit: 0 })).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: { error: { message: 'limit must be >= 1' } },
    });
  });

  it('escapes entity name segments', async () => {
    const { client, fetch } = clientWith(json({}));
    await client.getEntityMeshState({
      kind: 'Component',
      namespace: 'default',
      name: 'a/b',
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage:7007/api/istio-mesh/v1/entities/Component/default/a%2Fb',
    );
  });

  it("asks for an entity's traces with lookback and limit", async () => {
    const traces = {
      items: [],
      source: { id: 'jaeger:homelab', type: 'jaeger', status: 'ok' },
      jaegerUrl: 'http://jaeger.example:16686',
      lookback: '30m',
    };
    const { client, fetch } = clientWith(json(traces));

    await expect(
      client.getEntityTraces(
        { kind: 'Component', namespace: 'default', name: 'check out' },
        { lookback: '30m', limit: 5 },
        { token: 'plugin-token' },
      ),
    ).resolves.toEqual(traces);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backstage:7007/api/istio-mesh/v1/entities/Component/default/check%20out/traces?lookback=30m&limit=5',
    );
    expect(new Headers(init?.headers).get('Authorization')).toBe(
      'Bearer plugin-token',
    );
  });

  it('asks for traces without a query string when no query is given', async () => {
    const { client, fetch } = clientWith(json({ items: [] }));
    await client.getEntityTraces({
      kind: 'Component',
      namespace: 'default',
      name: 'payment',
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage:7007/api/istio-mesh/v1/entities/Component/default/payment/traces',
    );
  });
});
