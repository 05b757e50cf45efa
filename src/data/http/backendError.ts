export type BackendErrorKind = 'unreachable' | 'timeout' | 'http' | 'malformed' | 'cancelled';

/** A failed call to Tempo or Prometheus, with a message a user can act on. */
export class BackendError extends Error {
  constructor(
    readonly backend: string,
    readonly kind: BackendErrorKind,
    message: string,
    readonly status?: number,
    readonly detail?: string
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof BackendError && e.kind === 'cancelled';
}

/** Short, single-line excerpt of a response body for error messages. */
export function excerpt(body: string, max = 200): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** Pulls the error text out of Tempo/Prometheus/Grafana error bodies. */
export function errorText(body: unknown): string | undefined {
  if (typeof body === 'string') {
    return body.trim() ? excerpt(body) : undefined;
  }
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const k of ['error', 'message', 'msg']) {
      if (typeof b[k] === 'string' && b[k]) {
        return excerpt(b[k] as string);
      }
    }
  }
  return undefined;
}
