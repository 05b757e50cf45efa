// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const swc = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // Unit tests live beside the code in src/; repository-level suites (stack configs, dashboards
  // and alerts, the demo, the harness, browser suites of the panels, the Tempo contract) and their
  // helpers in tests/.
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.{spec,test,jest}.{js,jsx,ts,tsx}'],
  // Data-layer tests run in the node environment (`@jest-environment node`), where packages
  // resolve to their `.mjs` builds (d3 via @grafana/data); transform those like other ESM.
  transform: { ...base.transform, '^.+\\.mjs$': swc },
  // ESM-only dependencies of @grafana/runtime 13 that the scaffold's list does not cover yet.
  transformIgnorePatterns: [
    nodeModulesToTransform([
      ...grafanaESModules,
      '@react-hookz',
      'ol',
      'rbush',
      'quickselect',
      'earcut',
      'pbf',
      'color-space',
      'color-rgba',
      'color-parse',
      'color-name',
      '@ver0/deep-equal',
      // @grafana/plugin-ui's dependencies that ship only ESM.
      '@marcbachmann/cel-js',
    ]),
  ],
};
