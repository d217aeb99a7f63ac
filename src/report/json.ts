import type { ScanResult } from '../analyze/engine.js';
import { TOOL_VERSION } from '../version.js';

/** Version of the JSON output schema (documented in the README); bump on incompatible changes. */
export const JSON_SCHEMA_VERSION = '1.0';

export function renderJson(result: ScanResult): string {
  return JSON.stringify(
    {
      version: JSON_SCHEMA_VERSION,
      tool: { name: 'deputy', version: TOOL_VERSION },
      findings: result.findings,
      errors: result.errors,
      notices: result.notices,
      summary: result.summary,
    },
    null,
    2,
  ) + '\n';
}
