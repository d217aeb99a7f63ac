import { appendFileSync, writeFileSync } from 'node:fs';
import type { ScanResult } from '../analyze/engine.js';
import { EXIT_ERROR, main } from '../cli/cli.js';
import { renderFormat, write } from '../cli/outputs.js';
import { UsageError } from '../cli/usage-error.js';
import { findSourceRoot } from '../report/source-root.js';
import { writeDiagnostic } from '../cli/diagnostic.js';

/** The inputs `action.yml` declares, each read from `INPUT_<NAME>` as the Actions runner sets them. */
export const ACTION_INPUTS = ['paths', 'format', 'fail-on', 'config', 'sarif-file', 'args'] as const;
export type ActionInput = (typeof ACTION_INPUTS)[number];

/** As `@actions/core` reads an input: `INPUT_` and the name upper-cased with spaces as `_` (dashes stay), trimmed. */
export function getInput(env: NodeJS.ProcessEnv, name: ActionInput): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * Words of an input as a POSIX shell splits them, without any expansion: whitespace separates, `'...'` is
 * literal, `"..."` keeps `\"` and `\\` escapes. Outside quotes a backslash escapes only what a shell would mean
 * otherwise (a quote, a backslash, whitespace) and is kept before anything else, so that a Windows path
 * (`infra\stacks`, `C:\work\cfn`) reaches deputy as written, as it does inside double quotes.
 */
export function splitArguments(text: string, input: ActionInput): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && (text[index + 1] === '"' || text[index + 1] === '\\')) word += text[++index];
      else word += char;
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word ??= '';
      if (char === '"' || char === "'") quote = char;
      else if (char === '\\' && /[\s"'\\]/.test(text[index + 1] ?? '')) word += text[++index];
      else word += char;
    }
  }
  if (quote) throw new UsageError(`input ${input}: unterminated ${quote} quote`);
  if (word !== undefined) words.push(word);
  return words;
}

/** The `deputy scan` command line the inputs ask for. */
export function actionArgv(env: NodeJS.ProcessEnv): string[] {
  const argv = ['scan', ...splitArguments(getInput(env, 'paths'), 'paths')];
  for (const format of splitArguments(getInput(env, 'format'), 'format')) argv.push('--format', format);
  const failOn = getInput(env, 'fail-on');
  if (failOn) argv.push('--fail-on', failOn);
  const config = getInput(env, 'config');
  if (config) argv.push('--config', config);
  argv.push(...splitArguments(getInput(env, 'args'), 'args'));
  return argv;
}

/**
 * Runs deputy as the Action: the CLI with the inputs' arguments (annotations and a job summary unless `format`
 * is given), SARIF also to `sarif-file` when set, and the output `findings` (unsuppressed findings) appended to
 * `$GITHUB_OUTPUT`. Returns the CLI's exit code.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let result: ScanResult | undefined;
  let code: number;
  try {
    const sarifFile = getInput(env, 'sarif-file');
    code = await main(actionArgv(env), {
      onScanResult: (scanned) => {
        result = scanned;
      },
      reports: sarifFile ? [{ option: 'sarif-file', file: sarifFile }] : [],
    });
    if (result) writeActionOutputs(result, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeDiagnostic(error.message);
    code = EXIT_ERROR;
  }
  return code;
}

function writeActionOutputs(result: ScanResult, env: NodeJS.ProcessEnv): void {
  const sarifFile = getInput(env, 'sarif-file');
  if (sarifFile) {
    const cwd = process.cwd();
    write(sarifFile, renderFormat(result, 'sarif', { cwd, sourceRoot: findSourceRoot(cwd), color: false }, false), 'sarif-file', writeFileSync);
  }
  const count = result.findings.filter((finding) => !finding.suppressed).length;
  if (env.GITHUB_OUTPUT) write(env.GITHUB_OUTPUT, `findings=${count}\n`, 'GITHUB_OUTPUT', appendFileSync);
}
