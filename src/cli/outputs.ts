import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSourceText } from '../../parsers/source-text.js';
import type { ScanResult } from '../analyze/engine.js';
import { renderGitHub } from '../report/github.js';
import { renderJson } from '../report/json.js';
import { renderJUnit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { findSourceRoot } from '../report/source-root.js';
import { renderText } from '../report/text.js';
import { fileFailure } from '../model/resource.js';
import { UsageError } from './usage-error.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** `--output -` names standard output explicitly. */
const STDOUT = '-';

export interface OutputPlan {
  /** Each format with its file; no file means standard output (at most one). */
  targets: Array<{ format: Format; file?: string }>;
  /** GitHub Actions mode: the job summary file the Markdown report is appended to. */
  stepSummary?: string;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Pairs `--format` and `--output` values in order. One format without an output goes to standard output; with
 * several formats every one needs an output except at most one (the last, or the one given `--output -`).
 * Without any `--format` or `--output`, `GITHUB_ACTIONS=true` selects annotations plus a job summary.
 */
export function planOutputs(formatArgument: string | string[] | undefined, outputArgument: string | string[] | undefined, env: NodeJS.ProcessEnv): OutputPlan {
  const formats = list(formatArgument) as Format[];
  const outputs = list(outputArgument);
  if (formats.length === 0 && outputs.length === 0 && env.GITHUB_ACTIONS === 'true') {
    return { targets: [{ format: 'github' }], ...(env.GITHUB_STEP_SUMMARY ? { stepSummary: env.GITHUB_STEP_SUMMARY } : {}) };
  }
  if (formats.length === 0) formats.push('text');
  if (outputs.length > formats.length) {
    throw new UsageError(`${outputs.length} --output values for ${formats.length} --format value${formats.length === 1 ? '' : 's'}: each --output pairs with the --format at the same position`);
  }
  const targets = formats.map((format, index) => {
    const file = outputs[index];
    return file === undefined || file === STDOUT ? { format } : { format, file };
  });
  const toStdout = targets.filter((target) => target.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(
      `${toStdout.map((target) => target.format).join(', ')} would all go to standard output: give each --format but one an --output file (paired in order, "-" for standard output)`,
    );
  }
  const seen = new Set<string>();
  for (const target of targets) {
    if (target.file === undefined) continue;
    const absolute = resolve(target.file);
    if (seen.has(absolute)) throw new UsageError(`--output ${target.file} is given for more than one --format`);
    seen.add(absolute);
  }
  return { targets };
}

export interface RenderContext {
  cwd: string;
  sourceRoot: string;
  /** Colours for text on standard output (`--color`, else only on a terminal without NO_COLOR). */
  color: boolean;
  /** `https://github.com/OWNER/REPO/blob/SHA` when running in GitHub Actions, for links in Markdown. */
  linkBase?: string;
}

export function renderFormat(result: ScanResult, format: Format, context: RenderContext, toStdout: boolean): string {
  const where = { sourceRoot: context.sourceRoot, cwd: context.cwd };
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result, { ...where, readSource: readSourceFrom(context.cwd) });
    case 'github':
      return renderGitHub(result, where);
    case 'junit':
      return renderJUnit(result, where);
    case 'markdown':
      return renderMarkdown(result, { ...where, ...(context.linkBase ? { linkBase: context.linkBase } : {}) });
    case 'text':
      return renderText(result, { color: toStdout && context.color, readSource: readSourceFrom(context.cwd) });
  }
}

function readSourceFrom(cwd: string): (file: string) => string | undefined {
  return (file) => {
    try {
      return readSourceText(resolve(cwd, file));
    } catch {
      return undefined;
    }
  };
}

/** Renders and writes every planned output in order, then appends the job summary. */
export function writeOutputs(result: ScanResult, plan: OutputPlan, options: { color?: boolean; cwd?: string; env: NodeJS.ProcessEnv }): void {
  const cwd = options.cwd ?? process.cwd();
  const { env } = options;
  const context: RenderContext = {
    cwd,
    sourceRoot: findSourceRoot(cwd),
    color: options.color ?? (process.stdout.isTTY === true && !env.NO_COLOR),
    ...(env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA ? { linkBase: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}` } : {}),
  };
  for (const target of plan.targets) {
    const rendered = renderFormat(result, target.format, context, target.file === undefined);
    if (target.file === undefined) process.stdout.write(rendered);
    else write(target.file, rendered, '--output', writeFileSync);
  }
  if (plan.stepSummary) write(plan.stepSummary, renderMarkdown(result, { sourceRoot: context.sourceRoot, cwd, ...(context.linkBase ? { linkBase: context.linkBase } : {}) }) + '\n', 'GITHUB_STEP_SUMMARY', appendFileSync);
}

/** Writes a report or output file; a failure is a usage error naming the option and the file. */
export function write(file: string, text: string, what: string, writer: (file: string, text: string) => void): void {
  try {
    writer(file, text);
  } catch (error) {
    throw new UsageError(`cannot write ${what} ${file}: ${fileFailure(error)}`);
  }
}
