/** Baseline files: the fingerprints of accepted findings, so that only new findings count. */
import type { Finding } from '../model/finding.js';
import { readSourceText } from '../../parsers/source-text.js';
import { jsonSyntaxError, lineColumn } from '../../parsers/cloudformation/fast.js';
import { fileFailure } from '../model/resource.js';
import { compareText } from '../model/order.js';
import { TOOL_VERSION } from '../version.js';
import { StablePaths } from './repository.js';
import { withProperties } from '../model/objects.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** The resource's name in its file (logical id) or its address (Terraform). */
  resource: string;
  /** The file's path from the root of its git repository (outside one, from the scanned folder): see `StablePaths`. */
  file: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: { name: 'deputy'; version: string };
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

/**
 * The baseline of a scan: every finding not suppressed inline or by config (those already carry their reason), and the
 * `kept` entries of an earlier baseline (see `entriesNotAnalyzed`), one entry per fingerprint, sorted so that the file
 * diffs cleanly. `cwd` is the folder the findings' file paths are
 * relative to, and `scanned` the paths the scan was given (relative to it; none is `.`): files are named as the
 * findings' fingerprints name them.
 */
export function createBaseline(findings: readonly Finding[], cwd: string = process.cwd(), scanned: readonly string[] = [], kept: readonly BaselineEntry[] = []): Baseline {
  const paths = new StablePaths(cwd, scanned);
  const entries = new Map<string, BaselineEntry>(kept.map((entry) => [entry.fingerprint, entry]));
  for (const finding of findings) {
    if (finding.suppressed && finding.suppressed.source !== 'baseline') continue;
    const { address, file } = finding.resource;
    const resource = address.startsWith(`${file}#`) ? address.slice(file.length + 1) : address;
    entries.set(finding.fingerprint, { fingerprint: finding.fingerprint, ruleId: finding.ruleId, resource, file: paths.of(file) });
  }
  const sorted = [...entries.values()].sort(
    (a, b) => compareText(a.file, b.file) || compareText(a.resource, b.resource) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint),
  );
  return { version: BASELINE_VERSION, tool: { name: 'deputy', version: TOOL_VERSION }, entries: sorted };
}

/**
 * The entries of `previous` on files the scan could not analyze: `notAnalyzed` names them as the scan does (see
 * ScanResult.notAnalyzed; a folder stands for every file in it, and so does a path that no longer exists, as the folder it
 * may have been), relative to `cwd`, and `scanned` are the scan's paths.
 * Their findings are not known, so what the baseline accepted there stands until a scan analyzes them; a file the scan
 * analyzed keeps none (its fixed findings leave the baseline).
 */
export function entriesNotAnalyzed(previous: Baseline, notAnalyzed: readonly string[], cwd: string = process.cwd(), scanned: readonly string[] = []): BaselineEntry[] {
  const paths = new StablePaths(cwd, scanned);
  // Entries name files as `StablePaths` does: the paths are compared in that form.
  const files = new Set(notAnalyzed.map((path) => paths.of(path)));
  const folders = notAnalyzed.map((path) => paths.folderPrefix(path)).filter((prefix) => prefix !== undefined);
  return previous.entries.filter(({ file }) => typeof file === 'string' && (files.has(file) || folders.some((folder) => file.startsWith(folder))));
}

export function renderBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Reads and checks a baseline file; every problem is a BaselineError naming the file. */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readSourceText(file);
  } catch (error) {
    throw new BaselineError(`cannot read the baseline file ${file}: ${fileFailure(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const { reason, offset } = jsonSyntaxError(text, error);
    const { line, column } = lineColumn(text, offset);
    throw new BaselineError(`the baseline file ${file} is not valid JSON (${reason} at line ${line} column ${column})`);
  }
  const candidate = parsed as Partial<Baseline> | null;
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) throw new BaselineError(`the baseline file ${file} is not a deputy baseline (expected an object with version and entries)`);
  if (candidate.version !== BASELINE_VERSION) {
    // A newer deputy wrote it: rewriting it with this one would drop what the newer one records.
    const remedy = typeof candidate.version === 'number' && candidate.version > BASELINE_VERSION ? 'use the deputy that wrote it, or a newer one' : 'write it again with --write-baseline';
    throw new BaselineError(`the baseline file ${file} has version ${JSON.stringify(candidate.version)}; this deputy reads version ${BASELINE_VERSION} (${remedy})`);
  }
  if (!Array.isArray(candidate.entries)) throw new BaselineError(`the baseline file ${file} has no entries list`);
  candidate.entries.forEach((entry, index) => {
    if (typeof entry?.fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(entry.fingerprint)) throw new BaselineError(`the baseline file ${file}: entry ${index} has no valid fingerprint`);
  });
  return candidate as Baseline;
}

/** Marks the findings the baseline accepted; findings already suppressed keep their own reason. */
export function applyBaseline(findings: Finding[], baseline: Baseline, file: string): Finding[] {
  const accepted = new Set(baseline.entries.map((entry) => entry.fingerprint));
  return findings.map((finding) =>
    finding.suppressed || !accepted.has(finding.fingerprint) ? finding : withProperties(finding, { suppressed: { reason: `accepted in baseline ${file}`, source: 'baseline' as const } }),
  );
}
