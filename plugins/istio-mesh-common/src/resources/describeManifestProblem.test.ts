import { describeManifestProblem } from './describeManifestProblem';

describe('describeManifestProblem', () => {
  const problem = {
    file: 'apps/cart/virtualservice.yaml',
    line: 12,
    kind: 'VirtualService',
    namespace: 'shop',
    name: 'cart',
    field: 'spec.http[0].timeout',
    message: 'spec.http[0].timeout: must be a duration such as "5s"',
  };

  it('points at the file and line, then names the object', () => {
    expect(describeManifestProblem(problem)).toBe(
      'apps/cart/virtualservice.yaml:12: VirtualService shop/cart: spec.http[0].timeout: must be a duration such as "5s"',
    );
  });

  it('leaves out the file where the caller names it, or there is none', () => {
    expect(describeManifestProblem(problem, { file: false })).toBe(
      'line 12: VirtualService shop/cart: spec.http[0].timeout: must be a duration such as "5s"',
    );
    expect(
      describeManifestProblem(
        { file: 'cluster', kind: 'Gateway', name: 'edge', message: 'no spec' },
        { file: false },
      ),
    ).toBe('Gateway edge: no spec');
  });

  it('says what it knows of a document that never became an object', () => {
    expect(
      describeManifestProblem({
        file: 'apps/cart/broken.yaml',
        message:
          'Nested mappings are not allowed in compact mappings at line 3, column 7:',
      }),
    ).toBe(
      'apps/cart/broken.yaml: Nested mappings are not allowed in compact mappings at line 3, column 7',
    );
  });
});
