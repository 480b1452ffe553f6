import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';
import {
  COMPLIANCE_ORDER_KEYS,
  CRITERION_IDS,
  CriterionStatus,
  EntityLink,
  MeshLevelName,
  MtlsMode,
  SourceStatus,
  SourceType,
} from '@istio-mesh/plugin-istio-mesh-common';
import { spec as generated } from './openapi.generated';

// Every member of each union, checked by the compiler in both directions:
// a key missing here, or one the union lacks, fails type-checking.
const CRITERION_STATUSES: Record<CriterionStatus, true> = {
  pass: true,
  fail: true,
  warn: true,
  unknown: true,
};
const LEVELS: Record<MeshLevelName, true> = {
  none: true,
  bronze: true,
  silver: true,
  gold: true,
};
const SOURCE_TYPES: Record<SourceType, true> = {
  'cluster-snapshot': true,
  kubernetes: true,
  gitops: true,
  argocd: true,
  prometheus: true,
  jaeger: true,
};
const SOURCE_STATUSES: Record<SourceStatus, true> = {
  ok: true,
  partial: true,
  error: true,
  timeout: true,
  unauthorized: true,
  'not-configured': true,
  stale: true,
};
const LINK_KINDS: Record<EntityLink['kind'], true> = {
  kiali: true,
  grafana: true,
  jaeger: true,
};
const MTLS_MODES: Record<MtlsMode, true> = {
  STRICT: true,
  PERMISSIVE: true,
  DISABLE: true,
};

const spec = parse(
  readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8'),
) as {
  components: {
    schemas: Record<string, any>;
    parameters: Record<string, { schema: { enum: string[] } }>;
  };
};
const schemas = spec.components.schemas;

const sorted = (values: readonly string[]) => [...values].sort();

describe('openapi.yaml', () => {
  it('lists the criteria of common, in the same order', () => {
    expect(schemas.CriterionId.enum).toStrictEqual([...CRITERION_IDS]);
  });

  it('sorts the compliance list by the keys common accepts', () => {
    expect(spec.components.parameters.orderBy.schema.enum).toStrictEqual([
      ...COMPLIANCE_ORDER_KEYS,
    ]);
  });

  it('has the statuses, levels, source kinds and mTLS modes of common', () => {
    expect(sorted(schemas.CriterionStatus.enum)).toStrictEqual(
      sorted(Object.keys(CRITERION_STATUSES)),
    );
    expect(schemas.MeshLevelName.enum).toStrictEqual(Object.keys(LEVELS));
    expect(sorted(schemas.SourceState.properties.type.enum)).toStrictEqual(
      sorted(Object.keys(SOURCE_TYPES)),
    );
    expect(sorted(schemas.SourceState.properties.status.enum)).toStrictEqual(
      sorted(Object.keys(SOURCE_STATUSES)),
    );
    expect(sorted(schemas.MtlsMode.enum)).toStrictEqual(
      sorted(Object.keys(MTLS_MODES)),
    );
    expect(sorted(schemas.EntityLink.properties.kind.enum)).toStrictEqual(
      sorted(Object.keys(LINK_KINDS)),
    );
  });

  it('keeps the generated module in step with the YAML', () => {
    expect(generated).toStrictEqual(
      parse(readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8')),
    );
  });
});
