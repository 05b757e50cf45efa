import { Observable, of, throwError } from 'rxjs';
import { expectFailure } from '../../tests/helpers/expectFailure';
import { BackendError } from '../data/http/backendError';

const fetchMock = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: fetchMock }),
}));

// Imported after the mock is in place.
import { grafanaProxyTransport } from './grafanaTransport';

const fail = (p: Promise<unknown>) => expectFailure<BackendError>(p);

describe('grafanaProxyTransport', () => {
  beforeEach(() => fetchMock.mockReset());

  it('goes through the data source proxy by uid and parses the text body', async () => {
    fetchMock.mockReturnValue(of({ status: 200, data: '{"traces":[]}' }));
    const t = grafanaProxyTransport('tempo/uid', 'Tempo');
    await expect(
      t.getJson({ path: '/api/search', params: { q: '{ }', limit: 5 }, requestId: 'Q1_A' })
    ).resolves.toEqual({ traces: [] });
    expect(fetchMock).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/datasources/proxy/uid/tempo%2Fuid/api/search?q=%7B+%7D&limit=5',
        requestId: 'Q1_A',
        responseType: 'text',
        showErrorAlert: false,
      })
    );
  });

  it('keeps the backend’s own error text from a FetchError', async () => {
    fetchMock.mockReturnValue(
      throwError(() => ({ status: 400, data: 'invalid TraceQL query: parse error at line 1, col 3' }))
    );
    const err = await fail(grafanaProxyTransport('t', 'Tempo').getJson({ path: '/api/search' }));
    expect(err.message).toBe('Tempo answered HTTP 400: invalid TraceQL query: parse error at line 1, col 3');
    expect(err.status).toBe(400);
  });

  it('reports a proxy that cannot reach the backend', async () => {
    fetchMock.mockReturnValue(
      throwError(() => ({ status: 502, statusText: 'Bad Gateway', data: { message: 'dial tcp: connection refused' } }))
    );
    const err = await fail(grafanaProxyTransport('p', 'Prometheus').getJson({ path: '/api/v1/status/buildinfo' }));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe('Prometheus is unreachable through Grafana (HTTP 502 Bad Gateway)');
  });

  it('treats Grafana’s cancellation of a superseded request as cancelled', async () => {
    fetchMock.mockReturnValue(throwError(() => ({ cancelled: true, status: -1 })));
    expect((await fail(grafanaProxyTransport('t', 'Tempo').getJson({ path: '/x' }))).kind).toBe('cancelled');
  });

  it('unsubscribes from the request when the caller aborts', async () => {
    let unsubscribed = false;
    fetchMock.mockReturnValue(new Observable(() => () => (unsubscribed = true)));
    const ctrl = new AbortController();
    const pending = fail(grafanaProxyTransport('t', 'Tempo').getJson({ path: '/slow', signal: ctrl.signal }));
    ctrl.abort();
    expect((await pending).kind).toBe('cancelled');
    expect(unsubscribed).toBe(true);
  });

  it('rejects malformed JSON from a 200', async () => {
    fetchMock.mockReturnValue(of({ status: 200, data: '<html>login</html>' }));
    expect((await fail(grafanaProxyTransport('t', 'Tempo').getJson({ path: '/api/search' }))).message).toBe(
      'Tempo returned malformed JSON: <html>login</html>'
    );
  });
});
