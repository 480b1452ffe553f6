import fs from 'fs';
import path from 'path';

// The generator is a plain Node script beside the package's sources.
const vendor = require('../../scripts/vendor-crd-schemas.js');

const repoRoot = path.resolve(__dirname, '../../../..');
const schemasDir = path.join(__dirname, 'schemas');

describe('vendored CRD schemas', () => {
  it("equal what scripts/vendor-crd-schemas.js makes of Istio's CRDs", () => {
    const { crdAllText, sourceDescription } = vendor.readIstioSource(
      path.resolve(repoRoot, '..', 'shared', 'istio', 'crds'),
    );
    const expected: Record<string, string> = vendor.istioSchemaFiles(
      crdAllText,
      sourceDescription,
    );

    const vendored = Object.fromEntries(
      fs
        .readdirSync(path.join(schemasDir, 'istio'))
        .map(file => [
          `istio/${file}`,
          fs.readFileSync(path.join(schemasDir, 'istio', file), 'utf8'),
        ]),
    );
    expect(Object.keys(vendored).sort()).toStrictEqual(
      Object.keys(expected).sort(),
    );
    for (const [file, text] of Object.entries(expected)) {
      expect({ file, text: vendored[file] }).toStrictEqual({ file, text });
    }
  });

  it('name their source, Gateway API included', () => {
    const httpRoute = JSON.parse(
      fs.readFileSync(
        path.join(schemasDir, 'gateway-api/httproute.json'),
        'utf8',
      ),
    );
    expect(httpRoute.$comment).toContain('kubernetes-sigs/gateway-api@v1.3.0');
    expect(httpRoute['x-istio-mesh-versions']).toContain('v1');
  });
});
