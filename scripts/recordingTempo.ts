// The Tempo a recording script talks to (env TEMPO_URL, TEMPO_OTLP_URL) and how its version is
// written into a recording.
export interface RecordingTempo {
  tempoUrl: string;
  otlpUrl: string;
  /** `v3.0.3 (1900ed7bb5)`, from Tempo's build info. */
  tempoVersion: string;
}

export async function recordingTempo(): Promise<RecordingTempo> {
  const tempoUrl = process.env.TEMPO_URL ?? 'http://127.0.0.1:3200';
  const otlpUrl = process.env.TEMPO_OTLP_URL ?? 'http://127.0.0.1:4318/v1/traces';
  const info = (await (await fetch(`${tempoUrl}/api/status/buildinfo`)).json()) as {
    version: string;
    revision: string;
  };
  return { tempoUrl, otlpUrl, tempoVersion: `${info.version} (${info.revision})` };
}
