module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  restrictedImports: [
    {
      // ajv and the vendored CRD schemas would land in every app's bundle.
      name: '@istio-mesh/plugin-istio-mesh-common/validation',
      message: 'The frontend does not validate manifests against CRD schemas.',
    },
  ],
});
