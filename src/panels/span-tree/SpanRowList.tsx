import { useVirtualizer } from '@tanstack/react-virtual';
import React, { memo, useLayoutEffect, useRef } from 'react';
import { SpanRow, type RowContext } from './SpanRow';
import { ROW_HEIGHT } from './styles';

/** Below this many rows per frame a scroll is never a fling (short lists, small panels). */
const FLING_MIN_ROWS = 8;

interface Props {
  /** The visible rows (view row numbers), in display order. */
  rows: Int32Array;
  selected: number;
  collapsed: Uint8Array;
  ctx: RowContext;
  width: number;
  height: number;
  onSelectRow: (row: number) => void;
  onToggle: (row: number) => void;
  onEscape: () => void;
}

/**
 * The virtual list of span rows. Its own component, so that a scroll frame re-renders the rows
 * alone and not the toolbar and header around them (Grafana UI inputs and buttons are a
 * measurable part of a frame when they re-render 60 times a second).
 */
export const SpanRowList = memo(function SpanRowList(props: Props) {
  const { rows, selected, collapsed, ctx, width, height } = props;
  const { styles, view } = ctx;
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastDrawn = useRef<{ rows?: Int32Array; first: number }>({ first: 0 });
  // The list's size is the panel's, known without measuring (also under jsdom): it is handed to
  // the virtualizer when it attaches, and again whenever the panel is resized.
  const listRect = useRef({ width, height });
  listRect.current = { width, height };
  const onListRect = useRef<((rect: { width: number; height: number }) => void) | undefined>(undefined);
  // No React Compiler in this build; the virtualizer is only read during render.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // One row beyond each edge: a keyboard step lands on a row already drawn; more is drawn for nothing in a fling.
    overscan: 1,
    initialRect: listRect.current,
    observeElementRect: (_instance, cb) => {
      onListRect.current = cb;
      cb(listRect.current);
      return () => {
        onListRect.current = undefined;
      };
    },
  });
  useLayoutEffect(() => onListRect.current?.({ width, height }), [width, height]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const at = selected >= 0 ? rows.indexOf(selected) : -1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = Math.min(rows.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
      if (rows.length) {
        props.onSelectRow(rows[next]);
        virtualizer.scrollToIndex(next);
      }
      e.preventDefault();
    } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && selected >= 0 && view.childCount[selected] > 0) {
      const shouldCollapse = e.key === 'ArrowLeft';
      if (Boolean(collapsed[selected]) !== shouldCollapse) {
        props.onToggle(selected);
      }
      e.preventDefault();
    } else if (e.key === 'Escape') {
      props.onEscape();
    }
  };

  const items = virtualizer.getVirtualItems();
  // A fling: the list moved half a screen or more since the last frame while scrolling. Rows then
  // show only their tree cell (they pass faster than anyone reads numbers), which keeps each frame
  // within 60 fps; when the list slows or stops (the virtualizer's scroll-end), rows are full again.
  // Other rows (a filter, a collapse) are not a fling, even right after one.
  const first = items.length ? items[0].index : 0;
  const last = lastDrawn.current;
  const fling =
    virtualizer.isScrolling &&
    last.rows === rows &&
    Math.abs(first - last.first) >= Math.max(FLING_MIN_ROWS, items.length / 2);
  useLayoutEffect(() => {
    lastDrawn.current = { rows, first };
  });
  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      style={{ height }}
      role="tree"
      aria-label="Spans"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      {rows.length === 0 && <div className={styles.empty}>No span matches.</div>}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {/* One moving block of rows in normal flow: scrolling changes one transform, not one per row. */}
        <div style={{ transform: `translateY(${items.length ? items[0].start : 0}px)` }}>
          {items.map((item, slot) => {
            const row = rows[item.index];
            return (
              <SpanRow
                // In a fling, keyed by position in the window: every row is new each frame, and
                // reusing the elements only changes their content. Otherwise keyed by span: a
                // slow scroll creates the few rows that came into view and leaves the rest alone.
                key={fling ? `s${slot}` : `r${row}`}
                light={fling}
                row={row}
                selected={row === selected}
                collapsed={collapsed[row] === 1}
                ctx={ctx}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});
