/* eslint-disable react-hooks/refs -- uPlot's hooks run outside render (events, draws) and read
   the latest options and points through a ref; the config itself is rebuilt only when they change. */
import React, { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { locationUtil, type DataFrame, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import {
  AxisPlacement,
  ScaleDirection,
  ScaleDistribution,
  ScaleOrientation,
  UPlotChart,
  UPlotConfigBuilder,
  useStyles2,
  useTheme2,
} from '@grafana/ui';
import type uPlot from 'uplot';
import { buildScatterModel, pointsInRegion, type ScatterModel } from '../../data/scatter/scatterModel';
import { exactCentroids, type ExactCentroids } from '../../data/scatter/exactCentroids';
import { findVersionComparisonFrame, readVersionComparisonFrame } from '../../data/frames/readVersionComparisonFrame';
import {
  excludedCounts,
  sampleStatement,
  scatterPointsFromFrame,
  type ScatterPoints,
  type YMetric,
} from '../../data/scatter/scatterPoints';
import { PixelGrid } from '../../data/scatter/pixelGrid';
import { sizeFactors } from '../../data/scatter/pointSizes';
import { drawScatter } from './draw';
import { traceUrl } from './links';
import { DatasetExportButton } from '../../components/datasetExport/DatasetExportButton';
import { DEFAULT_OPTIONS, type QualityCostOptions } from './types';
import { formatCost, formatY } from './format';

type Props = PanelProps<QualityCostOptions>;

function metricOf(o: QualityCostOptions): YMetric {
  switch (o.yMetric) {
    case 'passRate':
      return { kind: 'passRate', threshold: o.passThreshold ?? DEFAULT_OPTIONS.passThreshold };
    case 'latency':
      return { kind: 'latency' };
    case 'tokens':
      return { kind: 'tokens' };
    default:
      return { kind: 'score', name: o.scoreName ?? '' };
  }
}

function paddedRange(lo: number, hi: number, log: boolean): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    return log ? [0.0001, 1] : [0, 1];
  }
  if (log) {
    return lo === hi ? [lo / 2, hi * 2] : [lo / 1.3, hi * 1.3];
  }
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.06;
  return [lo - pad, hi + pad];
}

function extent(a: ArrayLike<number>, positiveOnly = false): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (Number.isFinite(v) && (!positiveOnly || v > 0)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return [lo, hi];
}

/** Exact centroids from a Version comparison frame, or why not; undefined without such a frame. */
function exactFromFrame(
  frame: DataFrame | undefined,
  points: ScatterPoints | undefined,
  colorBy: QualityCostOptions['colorBy']
): ExactCentroids | { reason: string } | undefined {
  if (!frame || !points) {
    return undefined;
  }
  try {
    return exactCentroids(readVersionComparisonFrame(frame), points.metric, colorBy);
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

export function QualityCostPanel({ data, width, height, options, replaceVariables }: Props) {
  const merged = { ...DEFAULT_OPTIONS, ...options };
  // The evaluation may be a dashboard variable (`$evaluation`).
  const o = { ...merged, scoreName: replaceVariables ? replaceVariables(merged.scoreName ?? '') : merged.scoreName };
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const frame = data.series.find(
    (f) => f.fields.some((x) => x.name === 'traceId') && f.fields.some((x) => x.name === 'costUsd')
  );
  const metric = metricOf(o);
  const metricKey = JSON.stringify(metric);
  // The data source that made the points (its trace points frames say) exports the selection.
  const datasourceUid = (frame?.meta?.custom as { datasourceUid?: unknown } | undefined)?.datasourceUid;
  const exportUid = typeof datasourceUid === 'string' ? datasourceUid : undefined;
  const parsed = useMemo((): { points?: ScatterPoints; model?: ScatterModel; error?: string } => {
    if (!frame) {
      return {};
    }
    try {
      const points = scatterPointsFromFrame(frame, JSON.parse(metricKey), o.colorBy);
      return { points, model: buildScatterModel(points) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [frame, metricKey, o.colorBy]);
  const [hover, setHover] = useState<{ i: number; left: number; top: number } | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const headerRef = useRef<HTMLDivElement>(null);
  const [headerH, setHeaderH] = useState(48);
  // The header (legend, counts) wraps with the width; the plot takes the rest. Measured only when
  // what it shows changes, so a height change cannot feed back into another render.
  useLayoutEffect(() => {
    const measured = headerRef.current?.offsetHeight;
    if (measured) {
      setHeaderH(measured);
    }
  }, [width, parsed, selected.length]);

  const { points, model: sampleModel } = parsed;
  // Centroids over all traffic when the panel also gets a Version comparison query; else the sample's.
  const comparisonFrame = findVersionComparisonFrame(data.series);
  const colorBy = o.colorBy;
  const exact = useMemo(() => exactFromFrame(comparisonFrame, points, colorBy), [comparisonFrame, points, colorBy]);
  const exactOk = exact && 'centroids' in exact ? exact : undefined;
  const model = useMemo(
    () => (sampleModel && exactOk ? { ...sampleModel, centroids: exactOk.centroids } : sampleModel),
    [sampleModel, exactOk]
  );
  const colors = useMemo(() => {
    const palette = theme.visualization.palette;
    const map = new Map<string, string>();
    model?.series.forEach((s, k) => map.set(s.key, theme.visualization.getColorByName(palette[k % palette.length])));
    return map;
  }, [model, theme]);

  const plotH = Math.max(80, height - headerH);
  // Pixel positions of the last draw; the hover grid over them is built on the first mouse move
  // (not in the draw, which stays on the way to the first paint).
  const state = useRef<{ pixels?: { px: Float32Array; py: Float32Array }; grid?: PixelGrid }>({});
  const gridOf = () => {
    const st = state.current;
    if (!st.grid && st.pixels) {
      st.grid = new PixelGrid(st.pixels.px, st.pixels.py);
    }
    return st.grid;
  };
  const latest = useRef({ o, points, setHover, setSelected });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a ref assignment after every render, no state update
  useLayoutEffect(() => {
    latest.current = { o, points, setHover, setSelected };
  });

  const { config, xRange, yRange, zeroOnLog, sizeMax } = useMemo(() => {
    const b = new UPlotConfigBuilder();
    if (!points || !model) {
      return { config: b, xRange: [0, 1], yRange: [0, 1], zeroOnLog: 0, sizeMax: undefined };
    }
    const log = o.logX;
    // The exact centroids and their whiskers may lie beyond the sample's points: keep them in view.
    const cx = model.centroids.flatMap((c) => [c.x.mean, c.x.low ?? NaN, c.x.high ?? NaN]);
    const cy = model.centroids.flatMap((c) => [c.y.mean, c.y.low ?? NaN, c.y.high ?? NaN]);
    const [pxLo, pxHi] = extent(points.x, log);
    const [cxLo, cxHi] = exactOk ? extent(cx, log) : [Infinity, -Infinity];
    const xRange = paddedRange(Math.min(pxLo, cxLo), Math.max(pxHi, cxHi), log);
    const [pyLo, pyHi] = extent(points.y);
    const [cyLo, cyHi] = exactOk ? extent(cy) : [Infinity, -Infinity];
    const [yLo, yHi] = [Math.min(pyLo, cyLo), Math.max(pyHi, cyHi)];
    // Scores and pass rates live in [0, 1]: keep that scale so one version's spread reads true.
    const yRange = points.higherIsBetter
      ? paddedRange(Math.min(0, yLo), Math.max(1, yHi), false)
      : paddedRange(yLo, yHi, false);
    // A $0 trace has no place on a log axis: it is drawn on the axis edge and counted.
    let zeroOnLog = 0;
    let dx = points.x;
    if (log) {
      dx = new Float64Array(points.x.length);
      for (let i = 0; i < dx.length; i++) {
        const v = points.x[i];
        dx[i] = v > 0 ? v : (zeroOnLog++, xRange[0]);
      }
    }
    const shown = { ...points, x: dx };
    const sizes = sizeFactors(points, o.sizeBy);
    b.addScale({
      scaleKey: 'x',
      orientation: ScaleOrientation.Horizontal,
      direction: ScaleDirection.Right,
      distribution: log ? ScaleDistribution.Log : ScaleDistribution.Linear,
      log: log ? 10 : undefined,
      auto: false,
      range: () => xRange,
    });
    b.addScale({
      scaleKey: 'y',
      orientation: ScaleOrientation.Vertical,
      direction: ScaleDirection.Up,
      auto: false,
      range: () => yRange,
    });
    b.addAxis({
      scaleKey: 'x',
      theme,
      label: 'Cost per trace (USD)',
      placement: AxisPlacement.Bottom,
      distr: log ? ScaleDistribution.Log : ScaleDistribution.Linear,
      formatValue: (v: number) => formatCost(v),
    });
    b.addAxis({
      scaleKey: 'y',
      theme,
      label: points.yLabel,
      placement: AxisPlacement.Left,
      formatValue: (v: number) => formatY(v, points.yLabel),
    });
    // One invisible series: uPlot needs one; the points are drawn in the draw hook.
    b.addSeries({ scaleKey: 'y', theme, pathBuilder: () => null, pointsBuilder: () => undefined, lineWidth: 0 });
    b.setCursor({
      points: { show: false },
      drag: { x: true, y: true, setScale: false },
      x: false,
      y: false,
    });
    b.addHook('draw', (u: uPlot) => {
      const { px, py, seriesRings, meansFrontier } = drawScatter(u, shown, model, {
        colorOf: (k) => colors.get(k) ?? theme.colors.text.secondary,
        frontierColor: theme.colors.text.primary,
        background: theme.colors.background.primary,
        showSeriesFrontiers: o.showSeriesFrontiers,
        showCentroids: o.showCentroids,
        showMargins: o.showMargins,
        sizeFactor: sizes?.factor,
        marginColor: theme.colors.text.secondary,
        pixelRatio: window.devicePixelRatio || 1,
        centroidFrontier: exactOk?.frontier,
      });
      state.current = { pixels: { px, py } };
      // Where the frontier points are (CSS px in the plot area), for tests and automation.
      u.over.dataset.frontierPx = JSON.stringify(model.frontier.map((i) => [Math.round(px[i]), Math.round(py[i])]));
      u.over.dataset.seriesFrontierRings = String(seriesRings);
      u.over.dataset.meansFrontier = JSON.stringify(meansFrontier);
    });
    b.addHook('setCursor', (u: uPlot) => {
      const { left, top } = u.cursor;
      const i = left === undefined || top === undefined || left < 0 ? -1 : (gridOf()?.nearest(left, top, 8) ?? -1);
      // Cursor positions are relative to the plot area; the tooltip is placed in the panel. The
      // same point at the same place keeps the state as is: uPlot also fires this hook after
      // setData, and a fresh object each time would re-render without end.
      const next = i >= 0 ? { i, left: left! + u.over.offsetLeft, top: top! + u.over.offsetTop } : null;
      latest.current.setHover((prev) =>
        prev === next || (prev && next && prev.i === next.i && prev.left === next.left && prev.top === next.top)
          ? prev
          : next
      );
    });
    b.addHook('setSelect', (u: uPlot) => {
      const s = u.select;
      if (s.width < 3 || s.height < 3) {
        return;
      }
      const region = {
        xMin: u.posToVal(s.left, 'x'),
        xMax: u.posToVal(s.left + s.width, 'x'),
        yMin: u.posToVal(s.top + s.height, 'y'),
        yMax: u.posToVal(s.top, 'y'),
      };
      const ids = pointsInRegion(shown, region).map((i) => points.traceId[i]);
      latest.current.setSelected(ids);
      const name = latest.current.o.selectionVariable.trim();
      if (name) {
        locationService.partial({ [`var-${name}`]: ids }, true);
      }
      u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    });
    b.addHook('init', (u: uPlot) => {
      let down: { x: number; y: number } | undefined;
      u.over.addEventListener('mousedown', (e) => (down = { x: e.clientX, y: e.clientY }));
      u.over.addEventListener('click', (e) => {
        const moved = down && Math.hypot(e.clientX - down.x, e.clientY - down.y) > 3;
        const rect = u.over.getBoundingClientRect();
        const i = gridOf()?.nearest(e.clientX - rect.left, e.clientY - rect.top, 8) ?? -1;
        if (!moved && i >= 0) {
          const cur = latest.current;
          const url = traceUrl(cur.o, {
            traceId: cur.points!.traceId[i],
            startMs: cur.points!.startMs[i],
            durationMs: cur.points!.durationMs[i],
          });
          locationService.push(locationUtil.stripBaseFromUrl(url));
        }
      });
    });
    return { config: b, xRange, yRange, zeroOnLog, sizeMax: sizes?.max };
  }, [points, model, exactOk, o.logX, theme, colors, o.showSeriesFrontiers, o.showCentroids, o.showMargins, o.sizeBy]);

  // One data array per scale change: UPlotChart calls setData whenever this identity changes.
  const plotData = useMemo(() => [xRange, yRange] as uPlot.AlignedData, [xRange, yRange]);

  if (!frame) {
    return <div className={styles.message}>No Trace points frame: use the data source’s “Trace points” query.</div>;
  }
  if (parsed.error || !points || !model) {
    return <div className={styles.message}>{parsed.error ?? 'No data'}</div>;
  }
  const counts = excludedCounts(points, false);
  const reasons = points.costUnknownReasons.map((r) => `${r.count}: ${r.reason}`).join('\n');
  if (zeroOnLog) {
    counts.push(`${zeroOnLog} trace${zeroOnLog === 1 ? '' : 's'} at $0 drawn on the log axis’s left edge`);
  }
  const h = hover && hover.i < points.x.length ? hover.i : -1;
  return (
    <div className={styles.root} style={{ width, height }} data-selected-trace-ids={selected.join(',')}>
      <div ref={headerRef} className={styles.header}>
        <div className={styles.legend} aria-label="Legend">
          {model.series.map((s) => (
            <span key={s.key} className={styles.legendItem}>
              <span className={styles.swatch} style={{ background: colors.get(s.key) }} />
              {s.key}{' '}
              <span className={styles.muted}>
                ({s.count}
                {s.onFrontier ? `, ${s.onFrontier} on frontier` : ''})
              </span>
            </span>
          ))}
          <span className={styles.legendItem}>
            <span className={styles.frontierSwatch} /> Pareto frontier ({model.frontier.length})
          </span>
          {o.showCentroids && exactOk && (
            <span
              className={styles.legendItem}
              data-testid="qualitycost-centroids"
              data-exact="true"
              data-centroids={JSON.stringify(exactOk.centroids.map((c) => [c.series, c.x.mean, c.y.mean]))}
              title={exactOk.missing.map((m) => `${m.series}: ${m.reason}`).join('\n') || undefined}
            >
              ■ centroids: exact means over all traffic with 95 % intervals ({exactOk.source})
              {exactOk.frontier.length ? ` · frontier of the means: ${exactOk.frontier.join(', ')}` : ''}
              {exactOk.missing.length
                ? ` · not placed: ${exactOk.missing.map((m) => `${m.series} (${m.reason})`).join('; ')}`
                : ''}
            </span>
          )}
          {o.showCentroids && !exactOk && (
            <span className={styles.legendItem} data-testid="qualitycost-centroids" data-exact="false">
              ■ centroids: means of the plotted traces with 95 % intervals
              {points.sample ? ' (of the sample, not of all traffic)' : ''}
              {exact && 'reason' in exact
                ? ` · exact means unavailable: ${exact.reason}`
                : points.sample
                  ? ' · add a Version comparison query (cost per trace, quality) for exact means'
                  : ''}
            </span>
          )}
          {o.sizeBy !== 'none' && sizeMax !== undefined && (
            <span className={styles.legendItem} data-testid="qualitycost-size">
              area ∝ {o.sizeBy === 'tokens' ? 'tokens' : 'duration'} (largest{' '}
              {o.sizeBy === 'tokens' ? Math.round(sizeMax).toLocaleString('en-US') : `${Math.round(sizeMax)} ms`})
            </span>
          )}
        </div>
        <div
          className={styles.muted}
          data-testid="qualitycost-counts"
          title={reasons ? `Cost unknown because:\n${reasons}` : undefined}
        >
          {points.x.length} of {points.total} traces plotted
          {counts.length ? ` · ${counts.join(' · ')}` : ''}
          {o.showMargins && (points.marginX.length > 0 || points.marginY.length > 0)
            ? ` · edge ticks: ${[
                points.marginX.length
                  ? `${points.marginX.length} with a cost but no ${points.yLabel.toLowerCase()} (bottom)`
                  : '',
                points.marginY.length
                  ? `${points.marginY.length} with ${points.yLabel.toLowerCase()} but no known cost (left)`
                  : '',
              ]
                .filter(Boolean)
                .join(', ')}`
            : ''}
          {points.sample ? ` · ${sampleStatement(points.sample)}` : ''}
          {selected.length ? ` · ${selected.length} selected` : ''}
        </div>
      </div>
      {points.x.length ? (
        <div className={styles.plot} data-testid="qualitycost-plot">
          <UPlotChart data={plotData} width={width} height={plotH} config={config} />
          {/* Over the plot's corner, so that a selection does not move the plot under the pointer. */}
          {selected.length > 0 && (
            <div className={styles.exportSelection}>
              <DatasetExportButton
                label={`Export ${selected.length} selected`}
                title={`Export ${selected.length} selected trace${selected.length === 1 ? '' : 's'} as an eval dataset`}
                tooltip="The selected traces' LLM calls as a JSONL eval dataset"
                datasourceUid={exportUid}
                traces={{ ids: selected }}
              />
            </div>
          )}
          {h >= 0 && (
            <Tooltip
              points={points}
              i={h}
              left={hover!.left}
              top={hover!.top}
              width={width}
              height={plotH}
              href={traceUrl(o, {
                traceId: points.traceId[h],
                startMs: points.startMs[h],
                durationMs: points.durationMs[h],
              })}
              styles={styles}
            />
          )}
        </div>
      ) : (
        <div className={styles.message}>No trace has both a known cost and {points.yLabel.toLowerCase()}.</div>
      )}
    </div>
  );
}

function Tooltip(props: {
  points: ScatterPoints;
  i: number;
  left: number;
  top: number;
  width: number;
  height: number;
  href: string;
  styles: ReturnType<typeof getStyles>;
}) {
  const { points: p, i, styles } = props;
  const flip = props.left > props.width / 2;
  const above = props.top > props.height / 2;
  return (
    <div
      className={styles.tooltip}
      role="tooltip"
      style={{
        ...(above ? { bottom: props.height - props.top + 12 } : { top: props.top + 12 }),
        ...(flip ? { right: props.width - props.left + 12 } : { left: props.left + 12 }),
      }}
    >
      <div className={styles.tooltipId}>{p.traceId[i]}</div>
      <div>Version: {p.version[i]}</div>
      <div>Models: {p.models[i]}</div>
      <div>Agent: {p.agent[i]}</div>
      <div>Cost: {formatCost(p.x[i])}</div>
      {!p.yLabel.startsWith('Score ') && (
        <div>
          {p.yLabel}: {formatY(p.y[i], p.yLabel)}
        </div>
      )}
      {Object.entries(p.scores).map(([name, values]) => (
        <div key={name}>
          Score {name}: {values[i] === null ? '—' : values[i]!.toFixed(3)}
        </div>
      ))}
      <div>Duration: {Number.isFinite(p.durationMs[i]) ? `${Math.round(p.durationMs[i])} ms` : 'unknown'}</div>
      <div className={styles.muted}>Click to open the trace</div>
      <a hidden data-testid="qualitycost-trace-link" href={props.href}>
        Open trace
      </a>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ position: 'relative', display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  header: css({ padding: theme.spacing(0, 1, 0.5), fontSize: theme.typography.bodySmall.fontSize }),
  legend: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5, 1.5) }),
  legendItem: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5), wordBreak: 'break-all' }),
  swatch: css({ width: 10, height: 10, borderRadius: '50%', display: 'inline-block', flexShrink: 0 }),
  frontierSwatch: css({
    width: 14,
    height: 0,
    borderTop: `2px solid ${theme.colors.text.primary}`,
    display: 'inline-block',
  }),
  muted: css({ color: theme.colors.text.secondary }),
  plot: css({ position: 'relative' }),
  exportSelection: css({
    position: 'absolute',
    top: theme.spacing(0.5),
    right: theme.spacing(1),
    background: theme.colors.background.primary,
    borderRadius: theme.shape.radius.default,
  }),
  message: css({ padding: theme.spacing(1), color: theme.colors.text.secondary }),
  tooltip: css({
    position: 'absolute',
    pointerEvents: 'none',
    zIndex: 2,
    maxWidth: 360,
    padding: theme.spacing(0.75, 1),
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.medium}`,
    boxShadow: theme.shadows.z2,
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
    overflowWrap: 'anywhere',
  }),
  tooltipId: css({ fontFamily: theme.typography.fontFamilyMonospace }),
});
