import { UsageError } from './usage-error.js';
import { readSourceText } from '../../parsers/source-text.js';

/** `--parameter Key=Value` pairs. */
export function parseParameterPairs(pairs: readonly string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`--parameter expects Key=Value, got "${pair}"`);
    parameters[pair.slice(0, index)] = pair.slice(index + 1);
  }
  return parameters;
}

/** `--parameters file.json`: the AWS CLI's `[{ParameterKey, ParameterValue}]` or a plain `{Key: Value}` object. */
export function parseParameterFile(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readSourceText(file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ? 'cannot be read' : `is not valid JSON (${(error as Error).message})`;
    throw new UsageError(`--parameters file ${file} ${reason}`);
  }
  const parameters: Record<string, string> = {};
  if (Array.isArray(parsed)) {
    for (const [index, item] of parsed.entries()) {
      const entry = item as { ParameterKey?: unknown; ParameterValue?: unknown };
      if (typeof entry?.ParameterKey !== 'string' || entry.ParameterValue === undefined) {
        throw new UsageError(`--parameters file ${file}: item ${index} needs ParameterKey and ParameterValue`);
      }
      parameters[entry.ParameterKey] = String(entry.ParameterValue);
    }
    return parameters;
  }
  if (parsed !== null && typeof parsed === 'object') {
    const object = 'Parameters' in parsed && typeof (parsed as { Parameters: unknown }).Parameters === 'object' ? (parsed as { Parameters: object }).Parameters : parsed;
    for (const [key, value] of Object.entries(object)) parameters[key] = Array.isArray(value) ? value.join(',') : String(value);
    return parameters;
  }
  throw new UsageError(`--parameters file ${file} must hold a list of {ParameterKey, ParameterValue} or an object of Key: Value`);
}
