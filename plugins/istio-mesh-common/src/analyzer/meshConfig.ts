import { parse } from 'yaml';
import { isRecord } from '../resources/specFields';

/**
 * The parts of Istio's MeshConfig the analyzers and resolution rules read,
 * with Istio's defaults (istio pkg/config/mesh DefaultMeshConfig).
 *
 * @public
 */
export interface MeshConfig {
  rootNamespace: string;
  trustDomain: string;
  /** `trustDomainAliases`: other trust domains whose identities count as this mesh's. */
  trustDomainAliases: string[];
  enableAutoMtls: boolean;
  ingressControllerMode: 'OFF' | 'DEFAULT' | 'STRICT';
  ingressService: string;
  defaultServiceExportTo: string[];
  defaultVirtualServiceExportTo: string[];
  defaultDestinationRuleExportTo: string[];
  /** `extensionProviders[].name`, for CUSTOM AuthorizationPolicies and Telemetry. */
  extensionProviders: string[];
  /**
   * `defaultConfig.interceptionMode`: how sidecars capture traffic unless a
   * pod says otherwise (`REDIRECT`, `TPROXY` or `NONE`).
   */
  interceptionMode: string;
}

/** @public */
export const DEFAULT_MESH_CONFIG: MeshConfig = {
  rootNamespace: 'istio-system',
  trustDomain: 'cluster.local',
  trustDomainAliases: [],
  enableAutoMtls: true,
  ingressControllerMode: 'STRICT',
  ingressService: 'istio-ingressgateway',
  defaultServiceExportTo: ['*'],
  defaultVirtualServiceExportTo: ['*'],
  defaultDestinationRuleExportTo: ['*'],
  extensionProviders: [],
  interceptionMode: 'REDIRECT',
};

/**
 * Reads a MeshConfig already parsed into an object and applies Istio's
 * defaults to what it leaves out. `where` names the document in errors
 * (`meshConfig` by default): a value of the wrong type throws an Error
 * naming the field, e.g. `meshConfig.trustDomain must be a string`.
 *
 * @public
 */
export function readMeshConfig(
  raw: Record<string, unknown>,
  where = 'meshConfig',
): MeshConfig {
  const str = (key: string, fallback: string) => {
    const value = raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string')
      throw new Error(`${where}.${key} must be a string`);
    return value;
  };
  const list = (key: string, fallback: string[]) => {
    const value = raw[key];
    if (value === undefined || value === null) return fallback;
    if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
      throw new Error(`${where}.${key} must be a list of strings`);
    }
    return value as string[];
  };
  const autoMtls = raw.enableAutoMtls;
  if (
    autoMtls !== undefined &&
    autoMtls !== null &&
    typeof autoMtls !== 'boolean'
  ) {
    throw new Error(`${where}.enableAutoMtls must be true or false`);
  }
  const mode = str(
    'ingressControllerMode',
    DEFAULT_MESH_CONFIG.ingressControllerMode,
  );
  if (!['OFF', 'DEFAULT', 'STRICT'].includes(mode)) {
    throw new Error(
      `${where}.ingressControllerMode must be OFF, DEFAULT or STRICT`,
    );
  }
  const providers = raw.extensionProviders;
  if (
    providers !== undefined &&
    providers !== null &&
    !Array.isArray(providers)
  ) {
    throw new Error(`${where}.extensionProviders must be a list`);
  }
  const defaultConfig = raw.defaultConfig;
  if (
    defaultConfig !== undefined &&
    defaultConfig !== null &&
    !isRecord(defaultConfig)
  ) {
    throw new Error(`${where}.defaultConfig must be an object`);
  }
  const interception = isRecord(defaultConfig)
    ? defaultConfig.interceptionMode
    : undefined;
  if (interception !== undefined && typeof interception !== 'string') {
    throw new Error(`${where}.defaultConfig.interceptionMode must be a string`);
  }
  return {
    rootNamespace: str('rootNamespace', DEFAULT_MESH_CONFIG.rootNamespace),
    trustDomain: str('trustDomain', DEFAULT_MESH_CONFIG.trustDomain),
    trustDomainAliases: list('trustDomainAliases', []),
    enableAutoMtls: (autoMtls as boolean | undefined | null) ?? true,
    ingressControllerMode: mode as MeshConfig['ingressControllerMode'],
    ingressService: str('ingressService', DEFAULT_MESH_CONFIG.ingressService),
    defaultServiceExportTo: list('defaultServiceExportTo', ['*']),
    defaultVirtualServiceExportTo: list('defaultVirtualServiceExportTo', ['*']),
    defaultDestinationRuleExportTo: list('defaultDestinationRuleExportTo', [
      '*',
    ]),
    extensionProviders: (Array.isArray(providers) ? providers : [])
      .map(p => (isRecord(p) ? p.name : undefined))
      .filter((n): n is string => typeof n === 'string'),
    interceptionMode:
      interception === undefined
        ? DEFAULT_MESH_CONFIG.interceptionMode
        : interception,
  };
}

/**
 * Reads a MeshConfig YAML document (the `mesh` key of istio's ConfigMap, or
 * the ConfigMap itself) and applies Istio's defaults to what it leaves out.
 * Throws an Error naming the field when a value has the wrong type.
 *
 * @public
 */
export function parseMeshConfig(text: string): MeshConfig {
  let raw: unknown = parse(text) ?? {};
  if (isRecord(raw) && raw.kind === 'ConfigMap') {
    const data = raw.data;
    raw =
      isRecord(data) && typeof data.mesh === 'string'
        ? parse(data.mesh) ?? {}
        : {};
  }
  if (!isRecord(raw)) throw new Error('meshConfig must be a YAML mapping');
  return readMeshConfig(raw);
}
