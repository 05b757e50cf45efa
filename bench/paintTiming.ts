// Timing points for the browser benches (bundled into their pages).

/** Resolves after the browser has painted the frame following the last commit. */
export function afterPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    });
  });
}

/** One macrotask later: React's scheduler (also a MessageChannel) has run the update queued before. */
export function afterTask(): Promise<number> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve(performance.now());
    ch.port2.postMessage(0);
  });
}
