import {
  matchesLabels,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

describe('parseLabelSelector', () => {
  it('parses equality, set and existence requirements', () => {
    expect(
      parseLabelSelector(
        'app=frontend, tier==web,env!=dev,zone in (a, b),track notin (canary),debug,!legacy',
      ),
    ).toStrictEqual([
      { key: 'app', operator: 'in', values: ['frontend'] },
      { key: 'tier', operator: 'in', values: ['web'] },
      { key: 'env', operator: 'notIn', values: ['dev'] },
      { key: 'zone', operator: 'in', values: ['a', 'b'] },
      { key: 'track', operator: 'notIn', values: ['canary'] },
      { key: 'debug', operator: 'exists' },
      { key: 'legacy', operator: 'doesNotExist' },
    ]);
  });

  it('accepts prefixed keys', () => {
    expect(
      parseLabelSelector('backstage.io/kubernetes-id=frontend'),
    ).toStrictEqual([
      {
        key: 'backstage.io/kubernetes-id',
        operator: 'in',
        values: ['frontend'],
      },
    ]);
  });

  it('rejects malformed requirements, naming them', () => {
    expect(() => parseLabelSelector('app=frontend,=oops')).toThrow(
      'invalid label selector requirement "=oops"',
    );
    expect(() => parseLabelSelector('app in (a b)')).toThrow('app in (a b)');
  });
});

describe('matchesLabelSelector', () => {
  const labels = { app: 'frontend', version: 'v1' };
  it('follows Kubernetes semantics', () => {
    const matches = (selector: string) =>
      matchesLabelSelector(parseLabelSelector(selector), labels);
    expect(matches('app=frontend')).toBe(true);
    expect(matches('app=cart')).toBe(false);
    expect(matches('app=frontend,version in (v1,v2)')).toBe(true);
    expect(matches('version notin (v1)')).toBe(false);
    expect(matches('track!=canary')).toBe(true);
    expect(matches('!track')).toBe(true);
    expect(matches('track')).toBe(false);
    expect(matches('')).toBe(true);
  });
});

describe('matchesLabels', () => {
  it('treats matchLabels as a subset and an empty selector as all', () => {
    expect(
      matchesLabels({ app: 'frontend' }, { app: 'frontend', version: 'v1' }),
    ).toBe(true);
    expect(
      matchesLabels({ app: 'frontend', version: 'v2' }, { app: 'frontend' }),
    ).toBe(false);
    expect(matchesLabels(undefined, {})).toBe(true);
    expect(matchesLabels({}, undefined)).toBe(true);
  });
});
