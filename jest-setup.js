// Grafana's scaffolded setup mocks browser APIs; data-layer tests run in the node environment
// (`@jest-environment node`) where there is no DOM to patch.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');

  // React 19's scheduler posts tasks through MessageChannel, which jsdom lacks. A timer-based
  // channel keeps no handle open (node's worker_threads one would keep Jest from exiting).
  if (typeof global.MessageChannel === 'undefined') {
    global.MessageChannel = class {
      constructor() {
        const port = () => ({ onmessage: null, postMessage: undefined, close() {} });
        this.port1 = port();
        this.port2 = port();
        this.port1.postMessage = (data) => setTimeout(() => this.port2.onmessage?.({ data }), 0);
        this.port2.postMessage = (data) => setTimeout(() => this.port1.onmessage?.({ data }), 0);
      }
    };
  }
  global.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  // @grafana/ui measures label widths on a canvas; jsdom has none.
  HTMLCanvasElement.prototype.getContext = () => ({
    font: '',
    measureText: (text) => ({ width: String(text).length * 7 }),
  });
}
