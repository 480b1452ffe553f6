import { parseManifests } from '../resources/parseManifests';
import { Pod } from '../resources/objects';
import { podDataplane, workloadDataplane } from './dataplane';

function pod(yaml: string): Pod {
  const { objects, problems } = parseManifests(yaml, 'pod.yaml');
  expect(problems).toStrictEqual([]);
  return objects[0].object as Pod;
}

const header = `apiVersion: v1
kind: Pod
metadata:
  name: cartservice-7d4b9c8f6d-x2k9p
  namespace: boutique-dev
`;

describe('podDataplane', () => {
  it('sees a ready istio-proxy container as sidecar', () => {
    expect(
      podDataplane(
        pod(`${header}spec:
  containers: [{name: server}, {name: istio-proxy}]
status:
  phase: Running
  containerStatuses: [{name: server, ready: true}, {name: istio-proxy, ready: true}]
`),
      ),
    ).toBe('sidecar');
  });

  it('sees a proxy that is not ready', () => {
    expect(
      podDataplane(
        pod(`${header}spec:
  containers: [{name: server}, {name: istio-proxy}]
status:
  phase: Running
  containerStatuses: [{name: server, ready: true}, {name: istio-proxy, ready: false}]
`),
      ),
    ).toBe('sidecar-not-ready');
  });

  it('recognises a native sidecar init container', () => {
    expect(
      podDataplane(
        pod(`${header}spec:
  initContainers: [{name: istio-proxy, restartPolicy: Always}]
  containers: [{name: server}]
status:
  phase: Running
  initContainerStatuses: [{name: istio-proxy, ready: true}]
`),
      ),
    ).toBe('sidecar');
  });

  it('does not count a plain istio-init style init container named istio-proxy', () => {
    expect(
      podDataplane(
        pod(`${header}spec:
  initContainers: [{name: istio-proxy}]
  containers: [{name: server}]
`),
      ),
    ).toBe('none');
  });

  it('sees ambient redirection', () => {
    expect(
      podDataplane(
        pod(`apiVersion: v1
kind: Pod
metadata:
  name: reviews
  annotations: {ambient.istio.io/redirection: enabled}
spec:
  containers: [{name: reviews}]
`),
      ),
    ).toBe('ambient');
  });

  it('treats an injected manifest without status as sidecar', () => {
    expect(
      podDataplane(
        pod(`${header}spec:\n  containers: [{name: istio-proxy}]\n`),
      ),
    ).toBe('sidecar');
  });
});

describe('workloadDataplane', () => {
  it('takes the weakest pod', () => {
    expect(workloadDataplane(['sidecar', 'sidecar'])).toBe('sidecar');
    expect(workloadDataplane(['sidecar', 'sidecar-not-ready'])).toBe(
      'sidecar-not-ready',
    );
    expect(workloadDataplane(['sidecar-not-ready', 'none'])).toBe('none');
    expect(workloadDataplane(['ambient', 'ambient'])).toBe('ambient');
    expect(workloadDataplane([])).toBe('none');
  });
});
