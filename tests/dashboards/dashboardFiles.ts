// Reads the shipped dashboards (dashboards/*.json) and lists their panels, variables and queries,
// for the tests that validate them and run their queries.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const DASHBOARDS_DIR = path.join(REPO_ROOT, 'dashboards');

export interface DatasourceRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  datasource?: DatasourceRef;
  [key: string]: unknown;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DatasourceRef;
  targets?: Target[];
  fieldConfig?: {
    defaults?: Record<string, unknown>;
    overrides?: Array<{ matcher: { id: string; options: unknown }; properties: Array<{ id: string; value: unknown }> }>;
  };
  transformations?: Array<{ id: string; options: Record<string, unknown> }>;
  options?: Record<string, unknown>;
  panels?: Panel[];
  [key: string]: unknown;
}

export interface Variable {
  name: string;
  type: string;
  label?: string;
  query?: unknown;
  datasource?: DatasourceRef;
  definition?: string;
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string;
  current?: { text?: unknown; value?: unknown };
  [key: string]: unknown;
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
  [key: string]: unknown;
}

export interface DashboardFile {
  file: string;
  dashboard: Dashboard;
}

export function loadDashboards(dir = DASHBOARDS_DIR): DashboardFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Dashboard }));
}

/** Every panel, rows' nested panels included, rows themselves excluded. */
export function allPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]));
}

/** The data source variable a `${name}` reference points to. */
export function datasourceVariable(d: Dashboard, ref: DatasourceRef | undefined): Variable | undefined {
  const m = /^\$\{(\w+)\}$/.exec(ref?.uid ?? '');
  return m ? d.templating.list.find((v) => v.type === 'datasource' && v.name === m[1]) : undefined;
}

export interface PanelTarget {
  dashboard: Dashboard;
  panel: Panel;
  target: Target;
  /** The plugin type of the target's data source (its own ref, else the panel's). */
  pluginType: string;
}

export function allTargets(d: Dashboard): PanelTarget[] {
  return allPanels(d).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      dashboard: d,
      panel,
      target,
      pluginType: (target.datasource ?? panel.datasource)?.type ?? '',
    }))
  );
}
