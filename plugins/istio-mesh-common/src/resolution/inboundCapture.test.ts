import {
  uncapturedInboundPorts,
  workloadUncapturedPorts,
} from './inboundCapture';

// SEMANTICS §1.2a; istio tools/istio-iptables capture/run.go
// handleInboundPortsInclude, cni/pkg/plugin/sidecar_redirect.go NewRedirect,
// cni/pkg/nodeagent/net.go getPodLevelTrafficOverrides.
describe('uncapturedInboundPorts', () => {
  const ports = [8080, 9090, 15090];
  const sidecar = (annotations: Record<string, string> = {}) => ({
    annotations,
    dataplane: 'sidecar' as const,
  });

  it.each([
    [
      'captures every port by default (includeInboundPorts "*")',
      sidecar(),
      {},
      {},
    ],
    [
      'lets an excluded port bypass the proxy',
      sidecar({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9090' }),
      {},
      { '9090': 'traffic.sidecar.istio.io/excludeInboundPorts: "9090"' },
    ],
    [
      'reads a list with spaces',
      sidecar({
        'traffic.sidecar.istio.io/excludeInboundPorts': ' 8080 , 9090 ',
      }),
      {},
      {
        '8080': 'traffic.sidecar.istio.io/excludeInboundPorts: " 8080 , 9090 "',
        '9090': 'traffic.sidecar.istio.io/excludeInboundPorts: " 8080 , 9090 "',
      },
    ],
    [
      'captures only the listed ports',
      sidecar({ 'traffic.sidecar.istio.io/includeInboundPorts': '8080' }),
      {},
      { '9090': 'traffic.sidecar.istio.io/includeInboundPorts: "8080"' },
    ],
    [
      'ignores the exclude list when an include list is given',
      sidecar({
        'traffic.sidecar.istio.io/includeInboundPorts': '8080,9090',
        'traffic.sidecar.istio.io/excludeInboundPorts': '9090',
      }),
      {},
      {},
    ],
    [
      'captures nothing with an empty include list',
      sidecar({ 'traffic.sidecar.istio.io/includeInboundPorts': '' }),
      {},
      {
        '8080': 'traffic.sidecar.istio.io/includeInboundPorts: ""',
        '9090': 'traffic.sidecar.istio.io/includeInboundPorts: ""',
      },
    ],
    [
      'captures nothing with interception mode NONE',
      sidecar({ 'sidecar.istio.io/interceptionMode': 'NONE' }),
      {},
      {
        '8080': 'sidecar.istio.io/interceptionMode: "NONE"',
        '9090': 'sidecar.istio.io/interceptionMode: "NONE"',
      },
    ],
    [
      'captures with TPROXY like REDIRECT',
      sidecar({ 'sidecar.istio.io/interceptionMode': 'TPROXY' }),
      {},
      {},
    ],
    [
      "takes the mesh's default interception mode",
      sidecar(),
      { interceptionMode: 'NONE' },
      {
        '8080': 'meshConfig.defaultConfig.interceptionMode: NONE',
        '9090': 'meshConfig.defaultConfig.interceptionMode: NONE',
      },
    ],
    [
      "lets the pod's annotation win over the mesh's interception mode",
      sidecar({ 'sidecar.istio.io/interceptionMode': 'REDIRECT' }),
      { interceptionMode: 'NONE' },
      {},
    ],
    [
      "takes the injector's default exclude list",
      sidecar(),
      { excludeInboundPorts: '8080' },
      { '8080': 'global.proxy.excludeInboundPorts: "8080"' },
    ],
    [
      "lets the pod's include list win over the injector's default",
      sidecar({ 'traffic.sidecar.istio.io/includeInboundPorts': '*' }),
      { includeInboundPorts: '' },
      {},
    ],
    [
      "never reports Istio's own ports",
      sidecar({
        'traffic.sidecar.istio.io/excludeInboundPorts': '15090,15021,15020',
      }),
      {},
      {},
    ],
    [
      'treats a custom status port as Istio’s own',
      sidecar({
        'status.sidecar.istio.io/port': '9090',
        'traffic.sidecar.istio.io/includeInboundPorts': '8080',
      }),
      {},
      {},
    ],
    [
      'does not apply sidecar annotations to ambient pods',
      {
        annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '8080' },
        dataplane: 'ambient' as const,
      },
      {},
      {},
    ],
    [
      'lets every port of an ambient pod bypass ztunnel with bypass-inbound-capture',
      {
        annotations: { 'ambient.istio.io/bypass-inbound-capture': 'T' },
        dataplane: 'ambient' as const,
      },
      {},
      {
        '8080': 'ambient.istio.io/bypass-inbound-capture: "T"',
        '9090': 'ambient.istio.io/bypass-inbound-capture: "T"',
      },
    ],
    [
      'ignores bypass-inbound-capture values ParseBool rejects',
      {
        annotations: { 'ambient.istio.io/bypass-inbound-capture': 'yes' },
        dataplane: 'ambient' as const,
      },
      {},
      {},
    ],
  ])('%s', (_title, pod, defaults, expected) => {
    expect(uncapturedInboundPorts(pod, ports, defaults)).toStrictEqual(
      expected,
    );
  });

  it('reports a port of any pod of a rollout, in port order', () => {
    expect(
      workloadUncapturedPorts(
        [
          sidecar(),
          sidecar({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9090' }),
          sidecar({ 'traffic.sidecar.istio.io/includeInboundPorts': '9090' }),
        ],
        ports,
      ),
    ).toStrictEqual({
      '8080': 'traffic.sidecar.istio.io/includeInboundPorts: "9090"',
      '9090': 'traffic.sidecar.istio.io/excludeInboundPorts: "9090"',
    });
  });
});
