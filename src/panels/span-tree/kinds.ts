import type { GrafanaTheme2, IconName } from '@grafana/data';
import type { GenAiKind } from '../../data/genai/model';

interface KindLook {
  icon: IconName;
  label: string;
  /** A palette colour name (`theme.visualization.getColorByName`). */
  color: string;
}

export const KIND_LOOK: Record<GenAiKind, KindLook> = {
  agent: { icon: 'ai-sparkle', label: 'Agent', color: 'purple' },
  llm: { icon: 'message-sparkles', label: 'LLM call', color: 'blue' },
  tool: { icon: 'cog', label: 'Tool', color: 'orange' },
  retrieval: { icon: 'database', label: 'Retrieval', color: 'green' },
  memory: { icon: 'brain', label: 'Memory', color: 'dark-green' },
  embedding: { icon: 'layer-group', label: 'Embedding', color: 'yellow' },
  workflow: { icon: 'sitemap', label: 'Workflow', color: 'text' },
  other: { icon: 'circle', label: 'Span', color: 'text' },
};

const HEAT = ['green', 'yellow', 'orange', 'red', 'dark-red'];

/** Colours resolved once per theme (rows read them by index). */
export function kindColors(theme: GrafanaTheme2): Record<GenAiKind, string> {
  const out = {} as Record<GenAiKind, string>;
  for (const [k, look] of Object.entries(KIND_LOOK)) {
    out[k as GenAiKind] =
      look.color === 'text' ? theme.colors.text.secondary : theme.visualization.getColorByName(look.color);
  }
  return out;
}

export function heatColors(theme: GrafanaTheme2): string[] {
  return HEAT.map((c) => theme.visualization.getColorByName(c));
}

/** 0..1 → a heat colour; 0 (no cost, no self time) gets the weakest. */
export function heatColor(colors: string[], t: number): string {
  const i = Math.min(colors.length - 1, Math.max(0, Math.floor(t * colors.length)));
  return colors[i];
}
