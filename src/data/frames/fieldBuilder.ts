import { FieldType, type DataFrame, type Field, type FieldConfig, type QueryResultMetaNotice } from '@grafana/data';

/** Collects columns row by row and produces a plain DataFrame (no per-row object copies). */
export class FrameBuilder<Row> {
  private readonly columns: Array<{ name: string; type: FieldType; get: (r: Row) => unknown; config: FieldConfig }> =
    [];

  add(name: string, type: FieldType, get: (r: Row) => unknown, config: FieldConfig = {}): this {
    this.columns.push({ name, type, get, config });
    return this;
  }

  build(
    rows: Row[],
    opts: {
      name: string;
      refId?: string;
      notices?: QueryResultMetaNotice[];
      custom?: Record<string, unknown>;
      preferredVisualisationType?: 'table' | 'trace' | 'nodeGraph' | 'graph';
    }
  ): DataFrame {
    const fields: Field[] = this.columns.map((c) => {
      const values = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const v = c.get(rows[i]);
        values[i] = v === undefined ? null : v;
      }
      return { name: c.name, type: c.type, values, config: c.config };
    });
    return {
      name: opts.name,
      refId: opts.refId,
      fields,
      length: rows.length,
      meta: {
        notices: opts.notices?.length ? opts.notices : undefined,
        custom: opts.custom,
        preferredVisualisationType: opts.preferredVisualisationType,
      },
    };
  }
}

export function warningNotices(warnings: string[], max = 20): QueryResultMetaNotice[] {
  const notices: QueryResultMetaNotice[] = warnings.slice(0, max).map((text) => ({ severity: 'warning', text }));
  if (warnings.length > max) {
    notices.push({ severity: 'warning', text: `…and ${warnings.length - max} more warnings` });
  }
  return notices;
}

export const USD: FieldConfig = { unit: 'currencyUSD', decimals: 6 };
export const MS: FieldConfig = { unit: 'ms' };
export const TOKENS: FieldConfig = { unit: 'short', decimals: 0 };

/** The frame a query returns when its backend had no series: says so in a notice. */
export function noDataFrame(refId: string, query: string, notices: QueryResultMetaNotice[]): DataFrame {
  return { refId, name: 'No data', fields: [], length: 0, meta: { executedQueryString: query, notices } };
}
