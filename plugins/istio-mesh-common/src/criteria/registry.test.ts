import { existsSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';
import { parseManifests } from '../resources/parseManifests';
import { evaluateMesh } from '../report/workloadReports';
import { buildEntityMeshState } from '../report/entityMeshState';
import {
  CRITERIA,
  CRITERION_IDS,
  criterionDefinition,
  criterionTitle,
  ENTITY_CRITERIA,
  WORKLOAD_CRITERIA,
} from './registry';
import { LEVEL_CRITERIA } from './meshLevel';

const repo = resolve(__dirname, '../../../..');

function homelabWorkloads() {
  const path = resolve(repo, 'examples/cluster/homelab.yaml');
  const parsed = parseManifests(readFileSync(path, 'utf8'), path);
  return evaluateMesh(
    parsed.objects.map(o => o.object),
    { cluster: 'homelab' },
  ).workloads;
}

describe('the criteria registry', () => {
  it('gives each criterion one id, one title and one scope', () => {
    expect(new Set(CRITERION_IDS).size).toBe(CRITERIA.length);
    expect(new Set(CRITERIA.map(c => c.title)).size).toBe(CRITERIA.length);
    expect(
      [...WORKLOAD_CRITERIA, ...ENTITY_CRITERIA].map(c => c.id).sort(),
    ).toStrictEqual([...CRITERION_IDS].sort());
  });

  it('makes the levels of the seed plan from each definition', () => {
    expect(LEVEL_CRITERIA).toStrictEqual({
      bronze: ['sidecar-injected', 'mtls-strict'],
      silver: ['traffic-policy', 'authz-enforced'],
      gold: ['service-graph', 'tracing', 'metrics', 'everything-in-git'],
    });
  });

  it('titles an id this version does not know with the id itself', () => {
    expect(criterionTitle('mtls-strict')).toBe('mTLS STRICT');
    expect(criterionTitle('waypoint-ready')).toBe('waypoint-ready');
    expect(criterionDefinition('waypoint-ready')).toBeUndefined();
  });

  it.each(CRITERIA.flatMap(c => c.fixTemplates.map(t => [c.id, t])))(
    '%s offers %s, a template of this repository',
    (_id, template) => {
      const file = resolve(repo, 'templates', template, 'template.yaml');
      expect(existsSync(file)).toBe(true);
      expect(parse(readFileSync(file, 'utf8')).metadata.name).toBe(template);
    },
  );

  it('offers as a fix only the templates a definition lists', () => {
    const offered = homelabWorkloads().flatMap(w =>
      w.report.criteria.flatMap(c => (c.fixTemplate ? [[c.id, c]] : [])),
    );
    // The example cluster plants failures with fixes (PERMISSIVE mTLS,
    // missing retries): the check below is not vacuous.
    expect(offered.length).toBeGreaterThan(0);
    for (const [, criterion] of offered as Array<
      [string, { id: string; fixTemplate: string }]
    >) {
      expect(criterionDefinition(criterion.id)!.fixTemplates).toContain(
        criterion.fixTemplate,
      );
    }
  });

  it('evaluates every criterion for an entity, in registry order', () => {
    const state = buildEntityMeshState({
      entityRef: 'component:default/paymentservice',
      annotations: {
        'backstage.io/kubernetes-label-selector': 'app=paymentservice',
        'backstage.io/kubernetes-namespace': 'boutique-dev',
      },
      clusters: [{ cluster: 'homelab', workloads: homelabWorkloads() }],
      sources: [],
      generatedAt: '2026-12-04T12:00:00Z',
    });
    expect(state.criteria.map(c => c.id)).toStrictEqual([...CRITERION_IDS]);
    expect(state.workloads[0].criteria.map(c => c.id)).toStrictEqual(
      WORKLOAD_CRITERIA.map(c => c.id),
    );
  });
});
