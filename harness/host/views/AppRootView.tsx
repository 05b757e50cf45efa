// An app plugin's page (/a/<id>/*), as Grafana's AppRootPage renders it
// (public/app/features/plugins/components/AppRootPage.tsx): the plugin's `root` inside
// PluginContextProvider and an error boundary, with `meta`, `basename` and `path` (both
// `location.pathname`, as Grafana passes them), `query` (the location's search as an object) and
// `onNavChanged`, all read from the router the host page renders into (locationService's history,
// react-router v5 Router + CompatRouter). When the location leaves /a/<id> (a link of the app to
// /explore, say), Grafana would render another page; the harness says so instead.
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom-v5-compat';
import { PluginContextProvider, type AppPlugin, type AppRootProps, type NavModel } from '@grafana/data';
import { locationSearchToObject } from '@grafana/runtime';
import { Alert, ErrorBoundary, ErrorWithStack, Text } from '@grafana/ui';

/** What the root component was given last, for the tests. */
export type AppRootRender = Pick<AppRootProps, 'basename' | 'path' | 'query'> & { pluginId: string };

interface Props {
  plugin: AppPlugin;
  onRender?: (props: AppRootRender) => void;
}

export function AppRootView({ plugin, onRender }: Props) {
  const location = useLocation();
  const query = useMemo(() => locationSearchToObject(location.search), [location.search]);
  const [pluginNav, setPluginNav] = useState<NavModel | undefined>();
  const onNavChanged = useCallback((nav: NavModel) => setPluginNav(nav), []);
  const id = plugin.meta.id;
  const inApp = location.pathname === `/a/${id}` || location.pathname.startsWith(`/a/${id}/`);

  useEffect(() => {
    if (inApp) {
      onRender?.({ pluginId: id, basename: location.pathname, path: location.pathname, query });
    }
  }, [inApp, id, location.pathname, query, onRender]);

  if (!inApp) {
    return (
      <div data-harness-route-outside={location.pathname + location.search}>
        <Alert severity="info" title={`Grafana route ${location.pathname}${location.search}`}>
          The app navigated away from /a/{id}; Grafana would render that page here (not part of the harness).
        </Alert>
      </div>
    );
  }

  const Root = plugin.root;
  return (
    // Grafana's <main id="pageContent"> of AppChrome: a flex column, no padding of its own.
    <div
      data-harness-app={id}
      data-harness-app-path={location.pathname}
      style={{ display: 'flex', flexDirection: 'column', flexGrow: 1 }}
    >
      {pluginNav && (
        // Grafana then wraps the root in <Page navModel pageNav={pluginNav.node}>; the harness only names it.
        <div data-harness-app-nav={pluginNav.node.text} style={{ marginBottom: 16 }}>
          <Text element="h1">{pluginNav.node.text}</Text>
        </div>
      )}
      {Root ? (
        <PluginContextProvider meta={plugin.meta}>
          <ErrorBoundary>
            {({ error, errorInfo }) =>
              error ? (
                <ErrorWithStack title="Plugin failed to load" error={error} errorInfo={errorInfo} />
              ) : (
                <Root
                  meta={plugin.meta}
                  basename={location.pathname}
                  onNavChanged={onNavChanged}
                  query={query}
                  path={location.pathname}
                />
              )
            }
          </ErrorBoundary>
        </PluginContextProvider>
      ) : (
        <div>No root app page component found</div>
      )}
    </div>
  );
}
