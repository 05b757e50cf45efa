/** The incidents the demo can switch on, one at a time (`none` = healthy). */
export const INCIDENTS = ['none', 'cost', 'latency', 'quality', 'errors'] as const;

export type Incident = (typeof INCIDENTS)[number];

export function parseIncident(value: string | undefined): Incident | undefined {
  const v = (value ?? '').trim().toLowerCase();
  return (INCIDENTS as readonly string[]).includes(v) ? (v as Incident) : undefined;
}

/** Supervisor → worker IPC message. */
export interface IncidentMessage {
  type: 'incident';
  incident: Incident;
}

export function isIncidentMessage(m: unknown): m is IncidentMessage {
  return typeof m === 'object' && m !== null && (m as IncidentMessage).type === 'incident';
}
