import { istioVersionFromImage } from './istioVersionFromImage';

describe('istioVersionFromImage', () => {
  it.each([
    ['docker.io/istio/pilot:1.26.4', '1.26.4'],
    ['docker.io/istio/pilot:1.26.4-distroless', '1.26.4'],
    ['gcr.io/istio-release/pilot:1.27.0-debug', '1.27.0'],
    ['gcr.io/istio-testing/pilot:1.28-alpha.0a1b2c3d', '1.28-alpha.0a1b2c3d'],
    [
      'docker.io/istio/pilot:1.26.4@sha256:2f2c6b3f5d7a4e2b0c9c1a8f6e0d4b3a2c1e0f9d8c7b6a5f4e3d2c1b0a9f8e7d',
      '1.26.4',
    ],
    ['registry.local:5000/istio/pilot:1.25.2', '1.25.2'],
  ])('reads the version of %s', (image, version) => {
    expect(istioVersionFromImage(image)).toBe(version);
  });

  it.each([
    [
      'registry.redhat.io/openshift-service-mesh/istio-pilot-rhel9@sha256:2f2c6b3f5d7a4e2b0c9c1a8f6e0d4b3a2c1e0f9d8c7b6a5f4e3d2c1b0a9f8e7d',
    ],
    ['registry.local:5000/istio/pilot'],
    [''],
  ])('has no version for %p, which has no tag', image => {
    expect(istioVersionFromImage(image)).toBeUndefined();
  });
});
