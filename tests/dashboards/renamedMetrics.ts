// GenAI metrics renamed by the 2026 conventions (semantic-conventions-genai migration.md), as
// Prometheus names: a query reading the old name must read the new one too.
export const RENAMED_METRICS: ReadonlyArray<readonly [old: string, renamed: string]> = [
  ['gen_ai_client_operation_duration_seconds', 'gen_ai_client_inference_duration_seconds'],
  ['gen_ai_client_operation_time_to_first_chunk_seconds', 'gen_ai_client_inference_time_to_first_chunk_seconds'],
  ['gen_ai_client_token_usage_sum', 'gen_ai_client_inference_'],
  ['gen_ai_client_token_usage_count', 'gen_ai_client_inference_operation_'],
];
