import { resolve } from 'path';
import {
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadTreeResponseFile,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { DesiredManifest } from '@istio-mesh/plugin-istio-mesh-common';
import { readGitopsSource } from './readGitopsSource';

const EXAMPLE_REPO = resolve(__dirname, '../../../../../examples/gitops');

function deps(urlReader = mockServices.urlReader.mock()) {
  return { urlReader, logger: mockServices.logger.mock() };
}

function identities(objects: DesiredManifest[]) {
  return objects.map(({ object }) => ({
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
  }));
}

/** A `readTree` answer held in memory, as a Git host's archive would give it. */
function treeOf(
  files: Record<string, string>,
): UrlReaderServiceReadTreeResponse {
  const entries: UrlReaderServiceReadTreeResponseFile[] = Object.entries(
    files,
  ).map(([path, content]) => ({
    path,
    content: async () => Buffer.from(content, 'utf8'),
  }));
  return {
    etag: 'c0ffee',
    files: async () => entries,
    archive: async () => {
      throw new Error('archive() is not used');
    },
    dir: async () => {
      throw new Error('dir() is not used');
    },
  };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkoutservice
spec:
  selector:
    matchLabels:
      app: checkoutservice
  template:
    metadata:
      labels:
        app: checkoutservice
    spec:
      serviceAccountName: checkoutservice
      containers:
        - name: server
          image: us-central1-docker.pkg.dev/google-samples/microservices-demo/checkoutservice:v0.10.3
          ports:
            - containerPort: 5050
`;

const PEER_AUTHENTICATION = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
spec:
  mtls:
    mode: STRICT
`;

describe('readGitopsSource', () => {
  describe('the example GitOps repository read as a local folder', () => {
    const read = () =>
      readGitopsSource({ name: 'homelab', path: EXAMPLE_REPO }, deps());

    it('is ok', async () => {
      const { source } = await read();
      expect(source).toStrictEqual({
        id: 'gitops:homelab',
        type: 'gitops',
        status: 'ok',
      });
    });

    it('puts the online-boutique Deployments in the dev overlay namespace', async () => {
      const { objects } = await read();
      const deployments = objects.filter(
        ({ object, file }) =>
          object.kind === 'Deployment' &&
          file.startsWith('apps/base/online-boutique/'),
      );
      expect(deployments.map(d => d.object.metadata.name).sort()).toEqual([
        'adservice',
        'cartservice',
        'checkoutservice',
        'checkoutservice-v2',
        'currencyservice',
        'emailservice',
        'frontend',
        'paymentservice',
        'productcatalogservice',
        'recommendationservice',
        'redis-cart',
        'shippingservice',
      ]);
      for (const { object } of deployments) {
        expect(object.metadata.namespace).toBe('boutique-dev');
      }
      expect(deployments[0]).toStrictEqual({
        object: expect.objectContaining({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
        }),
        file: expect.stringMatching(
          /^apps\/base\/online-boutique\/base\/[a-z-]+\.yaml$/,
        ),
        line: expect.any(Number),
      });
    });

    it('reads the istio folder through the base kustomization, in boutique-dev', async () => {
      const { objects } = await read();
      const mesh = identities(
        objects.filter(({ file }) =>
          file.startsWith('apps/base/online-boutique/base/istio/'),
        ),
      );
      expect(mesh).toEqual(
        expect.arrayContaining([
          {
            kind: 'PeerAuthentication',
            namespace: 'boutique-dev',
            name: 'default',
          },
          {
            kind: 'AuthorizationPolicy',
            namespace: 'boutique-dev',
            name: 'cartservice-allow',
          },
          {
            kind: 'AuthorizationPolicy',
            namespace: 'boutique-dev',
            name: 'checkoutservice-allow',
          },
          {
            kind: 'DestinationRule',
            namespace: 'boutique-dev',
            name: 'cartservice',
          },
          {
            kind: 'DestinationRule',
            namespace: 'boutique-dev',
            name: 'productcatalogservice',
          },
          {
            kind: 'VirtualService',
            namespace: 'boutique-dev',
            name: 'cartservice',
          },
          {
            kind: 'VirtualService',
            namespace: 'boutique-dev',
            name: 'productcatalogservice',
          },
        ]),
      );
      expect(mesh.every(m => m.namespace === 'boutique-dev')).toBe(true);
    });

    it('keeps the Argo CD Applications in argocd', async () => {
      const { objects } = await read();
      const applications = objects.filter(
        ({ object }) => object.kind === 'Application',
      );
      expect(identities(applications)).toEqual(
        expect.arrayContaining([
          {
            kind: 'Application',
            namespace: 'argocd',
            name: 'istio-control-plane',
          },
          { kind: 'Application', namespace: 'argocd', name: 'jaeger' },
          { kind: 'Application', namespace: 'argocd', name: 'kiali' },
          {
            kind: 'Application',
            namespace: 'argocd',
            name: 'online-boutique-dev',
          },
        ]),
      );
      expect(applications.map(a => a.file)).toContain(
        'clusters/homelab/argocd/online-boutique-dev.yaml',
      );
    });

    it('gives the jaeger kustomization namespace to namespaced objects only', async () => {
      const { objects } = await read();
      const jaeger = identities(
        objects.filter(({ file }) =>
          file.startsWith('infrastructure/monitoring/jaeger/'),
        ),
      );
      expect(jaeger).toEqual(
        expect.arrayContaining([
          { kind: 'Namespace', namespace: undefined, name: 'observability' },
          { kind: 'Deployment', namespace: 'observability', name: 'jaeger' },
          { kind: 'Service', namespace: 'observability', name: 'tracing' },
        ]),
      );
    });

    it('makes no objects of dashboards or kustomization files', async () => {
      const { objects } = await read();
      const files = objects.map(o => o.file);
      expect(files.filter(f => f.endsWith('.json'))).toEqual([]);
      expect(files.filter(f => f.endsWith('kustomization.yaml'))).toEqual([]);
      expect(objects.map(o => o.object.kind)).not.toContain('Kustomization');
    });
  });

  describe('a local folder', () => {
    const mockDir = createMockDirectory();

    it('that does not exist is an error naming the path', async () => {
      const path = mockDir.resolve('no-such-repo');
      const { source, objects } = await readGitopsSource(
        { name: 'missing', path },
        deps(),
      );
      expect(source).toStrictEqual({
        id: 'gitops:missing',
        type: 'gitops',
        status: 'error',
        message: `cannot read GitOps folder ${path} (ENOENT)`,
      });
      expect(objects).toEqual([]);
    });

    it('that is a file is an error naming the path', async () => {
      mockDir.setContent({ 'repo.yaml': PEER_AUTHENTICATION });
      const path = mockDir.resolve('repo.yaml');
      const { source } = await readGitopsSource({ name: 'file', path }, deps());
      expect(source).toStrictEqual({
        id: 'gitops:file',
        type: 'gitops',
        status: 'error',
        message: `cannot read GitOps folder ${path} (ENOTDIR)`,
      });
    });

    it('without Kubernetes objects is an error', async () => {
      mockDir.setContent({
        'README.md': '# nothing here',
        'renovate.json': '{ "extends": ["config:recommended"] }',
      });
      const { source } = await readGitopsSource(
        { name: 'empty', path: mockDir.path },
        deps(),
      );
      expect(source).toStrictEqual({
        id: 'gitops:empty',
        type: 'gitops',
        status: 'error',
        message: `no Kubernetes objects in GitOps folder ${mockDir.path}`,
      });
    });

    it('with a kustomization listing a missing file is partial and keeps the rest', async () => {
      mockDir.setContent({
        'apps/checkout/kustomization.yaml': [
          'apiVersion: kustomize.config.k8s.io/v1beta1',
          'kind: Kustomization',
          'namespace: shop',
          'resources:',
          '  - deployment.yaml',
          '  - peerauthentication.yaml',
          '',
        ].join('\n'),
        'apps/checkout/deployment.yaml': DEPLOYMENT,
      });
      const { source, objects } = await readGitopsSource(
        { name: 'shop', path: mockDir.path },
        deps(),
      );
      expect(source).toStrictEqual({
        id: 'gitops:shop',
        type: 'gitops',
        status: 'partial',
        message: `1 problem(s) in GitOps folder ${mockDir.path}: apps/checkout/kustomization.yaml:6: resources entry peerauthentication.yaml: not found`,
      });
      expect(identities(objects)).toEqual([
        { kind: 'Deployment', namespace: 'shop', name: 'checkoutservice' },
      ]);
    });

    it('with invalid YAML in one file is partial with file and line, and keeps the others', async () => {
      mockDir.setContent({
        'istio/peerauthentication.yaml': PEER_AUTHENTICATION.replace(
          'name: default',
          'name: default\n  namespace: shop',
        ),
        'istio/virtualservice.yaml': [
          'apiVersion: networking.istio.io/v1',
          'kind: VirtualService',
          'metadata:',
          '  name: checkout',
          '  namespace: shop',
          'spec:',
          '  hosts: [checkout',
          '  http:',
          '    - route:',
          '        - destination: { host: checkout }',
          '',
        ].join('\n'),
      });
      const { source, objects } = await readGitopsSource(
        { name: 'shop', path: mockDir.path },
        deps(),
      );
      expect(source.status).toBe('partial');
      expect(source.message).toBe(
        `1 problem(s) in GitOps folder ${mockDir.path}: istio/virtualservice.yaml:8: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 8, column 3`,
      );
      expect(identities(objects)).toEqual([
        { kind: 'PeerAuthentication', namespace: 'shop', name: 'default' },
      ]);
    });

    it('lists three problems and counts the rest', async () => {
      mockDir.setContent({
        'kustomization.yaml': `resources:\n${['a', 'b', 'c', 'd', 'e']
          .map(name => `  - ${name}.yaml`)
          .join('\n')}\n  - deployment.yaml\n`,
        'deployment.yaml': DEPLOYMENT,
      });
      const { source } = await readGitopsSource(
        { name: 'shop', path: mockDir.path },
        deps(),
      );
      expect(source.message).toBe(
        `5 problem(s) in GitOps folder ${mockDir.path}: ` +
          'kustomization.yaml:2: resources entry a.yaml: not found; ' +
          'kustomization.yaml:3: resources entry b.yaml: not found; ' +
          'kustomization.yaml:4: resources entry c.yaml: not found and 2 more',
      );
    });

    it('keeps no data of a Secret', async () => {
      mockDir.setContent({
        'secret.yaml': [
          'apiVersion: v1',
          'kind: Secret',
          'metadata:',
          '  name: redis-password',
          '  namespace: shop',
          '  annotations:',
          '    kubectl.kubernetes.io/last-applied-configuration: \'{"data":{"password":"aHVudGVyMg=="}}\'',
          'type: Opaque',
          'data:',
          '  password: aHVudGVyMg==',
          'stringData:',
          '  username: admin',
          '',
        ].join('\n'),
      });
      const { source, objects } = await readGitopsSource(
        { name: 'secrets', path: mockDir.path },
        deps(),
      );
      expect(source.status).toBe('ok');
      expect(objects).toStrictEqual([
        {
          object: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              name: 'redis-password',
              namespace: 'shop',
              annotations: {},
            },
          },
          file: 'secret.yaml',
          line: 1,
        },
      ]);
      expect(JSON.stringify(objects)).not.toMatch(/aHVudGVyMg|admin/);
    });

    it('terminates on kustomizations that include each other', async () => {
      mockDir.setContent({
        'a/kustomization.yaml':
          'namespace: team-a\nresources:\n  - ../b\n  - deployment.yaml\n',
        'a/deployment.yaml': DEPLOYMENT,
        'b/kustomization.yaml':
          'resources:\n  - ../a\n  - peerauthentication.yaml\n',
        'b/peerauthentication.yaml': PEER_AUTHENTICATION,
      });
      const { source, objects } = await readGitopsSource(
        { name: 'cycle', path: mockDir.path },
        deps(),
      );
      expect(source).toStrictEqual({
        id: 'gitops:cycle',
        type: 'gitops',
        status: 'partial',
        message: `1 problem(s) in GitOps folder ${mockDir.path}: b/kustomization.yaml:2: resources entry ../a: cycle a/kustomization.yaml -> b/kustomization.yaml -> a/kustomization.yaml is not followed`,
      });
      expect(identities(objects)).toEqual([
        { kind: 'PeerAuthentication', namespace: 'team-a', name: 'default' },
        { kind: 'Deployment', namespace: 'team-a', name: 'checkoutservice' },
      ]);
    });
  });

  describe('a repository URL', () => {
    const url = 'https://git.example.com/homelab/gitops/tree/main';

    it('is read through the URL reader', async () => {
      const urlReader = mockServices.urlReader.mock({
        readTree: jest.fn(async () =>
          treeOf({
            'apps/dev/kustomization.yaml':
              'namespace: boutique-dev\nresources:\n  - ../base\n',
            'apps/base/kustomization.yaml': 'resources:\n  - checkout.yaml\n',
            'apps/base/checkout.yaml': `${DEPLOYMENT}---\n${PEER_AUTHENTICATION}`,
            'README.md': '# homelab',
          }),
        ),
      });
      const { source, objects } = await readGitopsSource(
        { name: 'homelab', url },
        deps(urlReader),
      );
      expect(source).toStrictEqual({
        id: 'gitops:homelab',
        type: 'gitops',
        status: 'ok',
      });
      expect(urlReader.readTree).toHaveBeenCalledWith(url, {
        filter: expect.any(Function),
      });
      expect(objects.map(({ file, line }) => ({ file, line }))).toEqual([
        { file: 'apps/base/checkout.yaml', line: 1 },
        { file: 'apps/base/checkout.yaml', line: 21 },
      ]);
      expect(identities(objects)).toEqual([
        {
          kind: 'Deployment',
          namespace: 'boutique-dev',
          name: 'checkoutservice',
        },
        {
          kind: 'PeerAuthentication',
          namespace: 'boutique-dev',
          name: 'default',
        },
      ]);
    });

    it('is an error naming the URL when the reader fails', async () => {
      const urlReader = mockServices.urlReader.mock({
        readTree: jest.fn(async () => {
          throw new NotFoundError('repository homelab/gitops not found');
        }),
      });
      const result = await readGitopsSource(
        { name: 'homelab', url },
        deps(urlReader),
      );
      expect(result).toStrictEqual({
        source: {
          id: 'gitops:homelab',
          type: 'gitops',
          status: 'error',
          message: `cannot read GitOps repository ${url} (NotFoundError: repository homelab/gitops not found)`,
        },
        objects: [],
      });
    });

    it('does not show credentials written into the URL', async () => {
      const urlReader = mockServices.urlReader.mock({
        readTree: jest.fn(async () => {
          throw new NotFoundError('not found');
        }),
      });
      const { source } = await readGitopsSource(
        {
          name: 'homelab',
          url: 'https://bot:s3cr3t@git.example.com/homelab/gitops',
        },
        deps(urlReader),
      );
      expect(source.message).toBe(
        'cannot read GitOps repository https://git.example.com/homelab/gitops (NotFoundError: not found)',
      );
    });
  });

  it('is an error when neither path nor url is set', async () => {
    const { source } = await readGitopsSource({ name: 'nowhere' }, deps());
    expect(source).toStrictEqual({
      id: 'gitops:nowhere',
      type: 'gitops',
      status: 'error',
      message: 'GitOps source nowhere: set either path or url',
    });
  });
});
