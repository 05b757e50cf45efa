// Grafana's scaffolded setup mocks browser APIs; data-layer tests run in the node environment
// (`@jest-environment node`) where there is no DOM to patch.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}
