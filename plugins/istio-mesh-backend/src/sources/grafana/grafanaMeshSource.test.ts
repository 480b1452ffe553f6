import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { grafanaMeshSource } from './grafanaMeshSource';

const TOKEN = 'glsa_grafana-token-never-shown';

/** A Grafana answering the dashboard search and lookups by uid. */
async function startGrafana(
  dashboards: Array<{ uid: string; title: string }>,
): Promise<{ url: string; server: Server; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://grafana');
    asked.push(`${url.pathname}${url.search}`);
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.statusCode = 401;
      res.end('{"message":"Unauthorized"}');
      return;
    }
    if (url.pathname === '/api/search') {
      const query = url.searchParams.get('query') ?? '';
      res.end(
        JSON.stringify(
          dashboards
            .filter(d => d.title.includes(query))
            .map(d => ({ ...d, type: 'dash-db', url: `/d/${d.uid}` })),
        ),
      );
      return;
    }
    const byUid = /^\/api\/dashboards\/uid\/(.+)$/.exec(url.pathname);
    const found = byUid && dashboards.find(d => d.uid === byUid[1]);
    res.statusCode = found ? 200 : 404;
    res.end(JSON.stringify(found ? { dashboard: found } : { message: 'x' }));
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, asked };
}

const read = (source: ReturnType<typeof grafanaMeshSource>) =>
  source.read({ signal: new AbortController().signal, now: new Date() });

describe('the Grafana dashboard check', () => {
  let grafana: Awaited<ReturnType<typeof startGrafana>>;
  beforeAll(async () => {
    grafana = await startGrafana([
      { uid: 'UbsSZTDik', title: 'Istio Workload Dashboard' },
      { uid: 'mesh-services', title: 'Mesh services (ours)' },
    ]);
  });
  afterAll(() => new Promise(done => grafana.server.close(done)));

  it("finds Istio's dashboards by title, or by a configured uid", async () => {
    const result = await read(
      grafanaMeshSource({
        url: grafana.url,
        token: TOKEN,
        dashboards: { service: 'mesh-services' },
      }),
    );
    expect(result).toStrictEqual({
      state: { id: 'grafana:links', type: 'grafana', status: 'ok' },
      data: {
        dashboards: {
          source: 'grafana:links',
          found: { workload: 'UbsSZTDik', service: 'mesh-services' },
        },
      },
    });
    expect(grafana.asked).toContain('/api/dashboards/uid/mesh-services');
  });

  it('is unauthorized for a refused token, which no message names', async () => {
    const result = await read(
      grafanaMeshSource({ url: grafana.url, token: 'revoked', dashboards: {} }),
    );
    expect(result.state).toStrictEqual({
      id: 'grafana:links',
      type: 'grafana',
      status: 'unauthorized',
      message:
        'Grafana refused the credentials (HTTP 401); check istioMesh.links.grafana.token',
    });
    expect(result.data).toStrictEqual({});
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});
