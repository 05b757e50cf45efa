// The modules Grafana shares with plugins (its `sharedDependenciesMap`,
// public/app/features/plugins/loader/sharedDependencies.ts), built from the @grafana/* 13.2.2
// packages and the React/rxjs/emotion copies they depend on. Anything a plugin imports that is
// not in this map fails to resolve, as it does in Grafana.
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUIraw from '@grafana/ui';
import i18next from 'i18next';
import jquery from 'jquery';
import * as lodash from 'lodash';
import moment from 'moment';
import prismjs from 'prismjs';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as jsxDevRuntime from 'react/jsx-dev-runtime';
import * as reactInlineSvg from 'react-inlinesvg';
import * as reactRedux from 'react-redux';
import * as reactRouterDom from 'react-router-dom';
import * as reactRouterV6 from 'react-router-dom-v5-compat';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import * as slate from 'slate';
import * as slatePlainSerializer from 'slate-plain-serializer';
import * as slateReact from 'slate-react';

// Grafana exposes the plugin base classes on @grafana/ui too (6.4 → 6.5 migration).
const grafanaUI: Record<string, unknown> = {
  ...grafanaUIraw,
  PanelPlugin: grafanaData.PanelPlugin,
  DataSourcePlugin: grafanaData.DataSourcePlugin,
  AppPlugin: grafanaData.AppPlugin,
  DataSourceApi: grafanaData.DataSourceApi,
};

const withDefault = (mod: object, dflt: unknown = mod) => ({ ...mod, default: dflt, __useDefault: true });

/** Bare specifier → module namespace, as Grafana registers them (`package:<name>`). */
export const sharedDependencies: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUI,
  '@grafana/slate-react': slateReact,
  emotion: emotionCss,
  i18next: withDefault({}, i18next),
  jquery: withDefault({}, jquery),
  lodash: withDefault(lodash, lodash),
  moment: withDefault(moment, moment),
  prismjs: withDefault({}, prismjs),
  react,
  'react/jsx-runtime': jsxRuntime,
  'react/jsx-dev-runtime': jsxDevRuntime,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  'react-inlinesvg': reactInlineSvg,
  'react-redux': reactRedux,
  'react-router-dom': reactRouterDom,
  'react-router': reactRouterV6,
  redux,
  rxjs,
  'rxjs/operators': rxjsOperators,
  slate,
  'slate-plain-serializer': slatePlainSerializer,
  'slate-react': slateReact,
};
