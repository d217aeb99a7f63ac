import { fileFailure } from '../model/resource.js';
import { UsageError } from './usage-error.js';
import { readSourceText } from '../../parsers/source-text.js';
import { jsonSyntaxError, lineColumn } from '../../parsers/cloudformation/fast.js';
import { setOwn } from '../model/objects.js';

/** `--parameter Key=Value` pairs. */
export function parseParameterPairs(pairs: readonly string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`--parameter expects Key=Value, got "${pair}"`);
    setOwn(parameters, pair.slice(0, index), pair.slice(index + 1));
  }
  return parameters;
}

/** `--parameters file.json`: the AWS CLI's `[{ParameterKey, ParameterValue}]` or a plain `{Key: Value}` object. */
export function parseParameterFile(file: string): Record<string, string> {
  let parsed: unknown;
  let text = '';
  try {
    text = readSourceText(file);
    parsed = JSON.parse(text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw new UsageError(`--parameters file ${file} cannot be read: ${fileFailure(error)}`);
    // V8 echoes the text around the error (`Unexpected token 'Z', ..."Id": Zq9-TopSec"...`): a piece of a value, maybe one
    // for a NoEcho parameter (a secret left unquoted). The reason and the line and column say where, without it.
    const { reason, offset } = jsonSyntaxError(text, error);
    const { line, column } = lineColumn(text, offset);
    throw new UsageError(`--parameters file ${file} is not valid JSON (${reason.replace(/^Unexpected token .*$/s, 'Unexpected token')} at line ${line} column ${column})`);
  }
  const parameters: Record<string, string> = {};
  if (Array.isArray(parsed)) {
    for (const [index, item] of parsed.entries()) {
      const entry = item as { ParameterKey?: unknown; ParameterValue?: unknown };
      if (typeof entry?.ParameterKey !== 'string' || entry.ParameterValue === undefined) {
        throw new UsageError(`--parameters file ${file}: item ${index} needs ParameterKey and ParameterValue`);
      }
      setOwn(parameters, entry.ParameterKey, String(entry.ParameterValue));
    }
    return parameters;
  }
  if (parsed !== null && typeof parsed === 'object') {
    const object = 'Parameters' in parsed && typeof (parsed as { Parameters: unknown }).Parameters === 'object' ? (parsed as { Parameters: object }).Parameters : parsed;
    for (const [key, value] of Object.entries(object)) setOwn(parameters, key, Array.isArray(value) ? value.join(',') : String(value));
    return parameters;
  }
  throw new UsageError(`--parameters file ${file} must hold a list of {ParameterKey, ParameterValue} or an object of Key: Value`);
}
