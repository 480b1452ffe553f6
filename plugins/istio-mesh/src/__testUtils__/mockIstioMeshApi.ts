import { IstioMeshApi } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * An `IstioMeshApi` whose methods are jest mocks: the given ones behave as
 * passed, the others reject, so a test notices a call it did not expect.
 */
export function mockIstioMeshApi(
  methods: Partial<IstioMeshApi>,
): jest.Mocked<IstioMeshApi> {
  const unexpected = (name: string) =>
    jest.fn(async () => {
      throw new Error(`unexpected call to IstioMeshApi.${name}`);
    });
  return {
    getEntityMeshState: jest.fn(
      methods.getEntityMeshState ?? unexpected('getEntityMeshState'),
    ),
    getEntityTraces: jest.fn(
      methods.getEntityTraces ?? unexpected('getEntityTraces'),
    ),
    getCompliance: jest.fn(
      methods.getCompliance ?? unexpected('getCompliance'),
    ),
    getComplianceCsv: jest.fn(
      methods.getComplianceCsv ?? unexpected('getComplianceCsv'),
    ),
    getComplianceSummary: jest.fn(
      methods.getComplianceSummary ?? unexpected('getComplianceSummary'),
    ),
    analyze: jest.fn(methods.analyze ?? unexpected('analyze')),
    refresh: jest.fn(methods.refresh ?? unexpected('refresh')),
  } as jest.Mocked<IstioMeshApi>;
}
