import { parse } from 'yaml';

/**
 * The parts of Istio's MeshConfig the analyzers and resolution rules read,
 * with Istio's defaults (istio pkg/config/mesh DefaultMeshConfig).
 *
 * @public
 */
export interface MeshConfig {
  rootNamespace: string;
  trustDomain: string;
  enableAutoMtls: boolean;
  ingressControllerMode: 'OFF' | 'DEFAULT' | 'STRICT';
  ingressService: string;
  defaultServiceExportTo: string[];
  defaultVirtualServiceExportTo: string[];
  defaultDestinationRuleExportTo: string[];
  /** `extensionProviders[].name`, for CUSTOM AuthorizationPolicies and Telemetry. */
  extensionProviders: string[];
}

/** @public */
export const DEFAULT_MESH_CONFIG: MeshConfig = {
  rootNamespace: 'istio-system',
  trustDomain: 'cluster.local',
  enableAutoMtls: true,
  ingressControllerMode: 'STRICT',
  ingressService: 'istio-ingressgateway',
  defaultServiceExportTo: ['*'],
  defaultVirtualServiceExportTo: ['*'],
  defaultDestinationRuleExportTo: ['*'],
  extensionProviders: [],
};

/**
 * Reads a MeshConfig YAML document (the `mesh` key of istio's ConfigMap, or
 * the ConfigMap itself) and applies Istio's defaults to what it leaves out.
 * Throws an Error naming the field when a value has the wrong type.
 *
 * @public
 */
export function parseMeshConfig(text: string): MeshConfig {
  let raw = (parse(text) ?? {}) as Record<string, unknown>;
  const data = raw.data as Record<string, unknown> | undefined;
  if (raw.kind === 'ConfigMap' && typeof data?.mesh === 'string') {
    raw = (parse(data.mesh) ?? {}) as Record<string, unknown>;
  }
  const str = (key: string, fallback: string) => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'string')
      throw new Error(`meshConfig.${key} must be a string`);
    return value;
  };
  const list = (key: string, fallback: string[]) => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
      throw new Error(`meshConfig.${key} must be a list of strings`);
    }
    return value as string[];
  };
  const autoMtls = raw.enableAutoMtls;
  if (autoMtls !== undefined && typeof autoMtls !== 'boolean') {
    throw new Error('meshConfig.enableAutoMtls must be true or false');
  }
  const mode = str(
    'ingressControllerMode',
    DEFAULT_MESH_CONFIG.ingressControllerMode,
  );
  if (!['OFF', 'DEFAULT', 'STRICT'].includes(mode)) {
    throw new Error(
      'meshConfig.ingressControllerMode must be OFF, DEFAULT or STRICT',
    );
  }
  const providers = raw.extensionProviders;
  return {
    rootNamespace: str('rootNamespace', DEFAULT_MESH_CONFIG.rootNamespace),
    trustDomain: str('trustDomain', DEFAULT_MESH_CONFIG.trustDomain),
    enableAutoMtls: autoMtls ?? DEFAULT_MESH_CONFIG.enableAutoMtls,
    ingressControllerMode: mode as MeshConfig['ingressControllerMode'],
    ingressService: str('ingressService', DEFAULT_MESH_CONFIG.ingressService),
    defaultServiceExportTo: list('defaultServiceExportTo', ['*']),
    defaultVirtualServiceExportTo: list('defaultVirtualServiceExportTo', ['*']),
    defaultDestinationRuleExportTo: list('defaultDestinationRuleExportTo', [
      '*',
    ]),
    extensionProviders: Array.isArray(providers)
      ? providers
          .map(p => (p as { name?: unknown })?.name)
          .filter((n): n is string => typeof n === 'string')
      : [],
  };
}
