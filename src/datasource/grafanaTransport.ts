import { getBackendSrv, type FetchError } from '@grafana/runtime';
import { BackendError } from '../data/http/backendError';
import { encodeParams, parseJsonResponse, type HttpTransport } from '../data/http/transport';

/**
 * Reaches another Grafana data source through Grafana's proxy, so its URL and credentials stay
 * in that data source: `/api/datasources/proxy/uid/<uid>/<path>`.
 */
export function grafanaProxyTransport(datasourceUid: string, backend: string): HttpTransport {
  const base = `/api/datasources/proxy/uid/${encodeURIComponent(datasourceUid)}`;
  return {
    backend,
    async getJson<T>(req: Parameters<HttpTransport['getJson']>[0]): Promise<T> {
      if (req.signal?.aborted) {
        throw new BackendError(backend, 'cancelled', `${backend} request cancelled`);
      }
      const obs = getBackendSrv().fetch<string>({
        url: base + req.path + encodeParams(req.params),
        method: 'GET',
        requestId: req.requestId,
        responseType: 'text',
        showErrorAlert: false,
        showSuccessAlert: false,
        headers: { Accept: 'application/json', ...req.headers },
      });
      let sub: { unsubscribe(): void } | undefined;
      let onAbort = () => {};
      try {
        const res = await new Promise<{ status: number; data: string }>((resolve, reject) => {
          onAbort = () => {
            sub?.unsubscribe();
            reject(new BackendError(backend, 'cancelled', `${backend} request cancelled`));
          };
          req.signal?.addEventListener('abort', onAbort);
          sub = obs.subscribe({
            next: resolve,
            error: reject,
            complete: () => reject(new BackendError(backend, 'cancelled', `${backend} request cancelled`)),
          });
        });
        return parseJsonResponse<T>(
          backend,
          res.status,
          typeof res.data === 'string' ? res.data : JSON.stringify(res.data)
        );
      } catch (e) {
        throw toBackendError(backend, e);
      } finally {
        req.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function toBackendError(backend: string, e: unknown): BackendError {
  if (e instanceof BackendError) {
    return e;
  }
  const fe = e as FetchError<unknown> & { cancelled?: boolean };
  if (fe?.cancelled) {
    return new BackendError(backend, 'cancelled', `${backend} request cancelled`);
  }
  if (typeof fe?.status === 'number') {
    if (fe.status === 0 || fe.status === 502 || fe.status === 504) {
      return new BackendError(
        backend,
        fe.status === 504 ? 'timeout' : 'unreachable',
        `${backend} is unreachable through Grafana (HTTP ${fe.status}${fe.statusText ? ` ${fe.statusText}` : ''})`,
        fe.status
      );
    }
    try {
      parseJsonResponse(backend, fe.status, typeof fe.data === 'string' ? fe.data : JSON.stringify(fe.data ?? ''));
    } catch (inner) {
      if (inner instanceof BackendError) {
        return inner;
      }
    }
  }
  return new BackendError(backend, 'unreachable', `${backend}: ${e instanceof Error ? e.message : String(e)}`);
}
