import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../rules/index.js';
import type { ScanResult } from '../analyze/engine.js';
import { UNUSED_SUPPRESSION } from '../analyze/suppress.js';
import { fixesOf, fixWorlds, mostSevereFirst, type Finding, type Severity } from '../model/finding.js';
import type { SourceLocation } from '../model/location.js';
import type { RuleMeta } from '../model/rule.js';
import { TOOL_VERSION } from '../version.js';
import { namesFile, pathFromRoot, wellFormed } from './source-root.js';

/** deputy's home; package.json `homepage` says the same (a test keeps them equal). */
export const REPOSITORY_URL = 'https://github.com/deputy-iam/deputy';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SOURCE_ROOT_ID = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_LEVEL: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** The scores GitHub code scanning maps to critical (>= 9), high (>= 7), medium (>= 4) and low. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export interface SarifOptions {
  /** Absolute folder that result URIs are relative to (`%SRCROOT%`): the repository root in CI. */
  sourceRoot: string;
  /** The folder the scanner's relative file paths are relative to. */
  cwd?: string;
  /** Rule metadata for the descriptors; every rule deputy has, by default. */
  rules?: readonly RuleMeta[];
  /** The text of a scanned file, for code snippets in result locations; undefined when it cannot be read. */
  readSource?(file: string): string | undefined;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
type JsonObject = { [key: string]: Json | undefined };

/**
 * GitHub code scanning rejects a whole file whose run holds more results, or one of whose results holds more related
 * locations ("SARIF results exceed hard limit" in GitHub's code scanning documentation).
 */
export const MOST_RESULTS = 25_000;
export const MOST_RELATED_LOCATIONS = 1_000;

/**
 * The most characters deputy writes in a rule's fullDescription and shortDescription: code scanning shows both at the
 * top of an alert and limits their length ("SARIF support for code scanning", reportingDescriptor; 1,000 is the limit as
 * recalled from that page, which the docs at hand do not hold, and at or under the longer limits other consumers set).
 * Each is written whole from the rule's metadata (its title, its summary), which keeps within it: a test checks every rule.
 */
export const SARIF_DESCRIPTION_LIMIT = 1_000;

/**
 * SARIF 2.1.0 for code scanning: one run, every rule as a descriptor, suppressed findings kept with their suppression.
 * Past MOST_RESULTS findings the run keeps the unsuppressed and most severe first, and says how many it left out.
 */
export function renderSarif(result: ScanResult, options: SarifOptions): string {
  const metas = options.rules ?? RULES.map((rule) => rule.meta);
  const configured = result.configuredSeverities;
  const listed = result.findings.length <= MOST_RESULTS ? result.findings : mostPressing(result.findings).slice(0, MOST_RESULTS);
  const reported = mostSevereResults(listed);
  const descriptors = [
    ...metas.map((meta) => ruleDescriptor(meta, configured[meta.id], reported.get(meta.id))),
    engineDescriptor(configured[UNUSED_SUPPRESSION.id] ?? UNUSED_SUPPRESSION.severity),
  ];
  const ruleIndex = new Map(descriptors.map((descriptor, index) => [descriptor.id as string, index]));
  const artifact = (file: string): JsonObject => artifactLocation(file, options);
  const sources = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!sources.has(file)) sources.set(file, options.readSource?.(file)?.split(/\r\n|\r|\n/));
    return sources.get(file);
  };
  const locate = (location: SourceLocation): JsonObject => physicalLocation(location, artifact(location.file), linesOf(location.file), result.mask);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'deputy',
            fullName: 'deputy IAM trust and condition analyzer',
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: REPOSITORY_URL,
            rules: descriptors,
          },
        },
        invocations: [invocation(result, artifact, result.findings.length - listed.length)],
        originalUriBaseIds: { [SOURCE_ROOT_ID]: { uri: directoryUri(options.sourceRoot) } },
        columnKind: 'utf16CodeUnits',
        results: listed.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId), locate)),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Unsuppressed before suppressed, then the most severe first; otherwise in the order given (the sort is stable). */
function mostPressing(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => Number(a.suppressed !== undefined) - Number(b.suppressed !== undefined) || mostSevereFirst(a, b));
}

/**
 * The most severe of each rule's results: a rule whose findings take another severity by where they are (a Deny's
 * `identity-condition-key-not-applicable` is high, an identity policy's `policy-documentation-placeholder` medium) has
 * one descriptor, and code scanning cannot take a security-severity from a result. A suppressed result counts only for a
 * rule with no other: one accepted must not rank the rule's open alerts above their own severity.
 */
function mostSevereResults(findings: readonly Finding[]): Map<string, Severity> {
  const most = new Map<string, Severity>();
  const suppressedOnly = new Map<string, Severity>();
  for (const finding of findings) {
    const into = finding.suppressed === undefined ? most : suppressedOnly;
    const known = into.get(finding.ruleId);
    if (known === undefined || mostSevereFirst(finding, { severity: known }) < 0) into.set(finding.ruleId, finding.severity);
  }
  for (const [ruleId, severity] of suppressedOnly) if (!most.has(ruleId)) most.set(ruleId, severity);
  return most;
}

/**
 * A rule's descriptor, at the severity of its most severe result in this run, else the one the configuration gives it,
 * else its own: code scanning ranks alerts by the descriptor's security-severity, not the result's level, so a result
 * more severe than its rule's default (a Deny's guardrail) must not be ranked below it, nor one less severe above it
 * when no result is.
 */
function ruleDescriptor(meta: RuleMeta, configured: Severity | undefined, reported: Severity | undefined): JsonObject {
  const severity = reported ?? configured ?? meta.severity;
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z0-9])/g, (_whole, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: sentence(meta.title) },
    fullDescription: { text: sentence(plain(meta.summary)) },
    help: { text: helpText(meta), markdown: helpMarkdown(meta, configured === undefined ? (meta.severityNote ?? meta.severity) : `${configured}, set in the configuration`) },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: SARIF_LEVEL[severity] },
    properties: {
      tags: ['security', 'iam', meta.family],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[severity],
    },
  };
}

/** The report deputy itself makes about suppressions that match nothing: not a security rule, no docs page of its own. */
function engineDescriptor(severity: Severity): JsonObject {
  return {
    id: UNUSED_SUPPRESSION.id,
    name: 'DeputyUnusedSuppression',
    shortDescription: { text: sentence(UNUSED_SUPPRESSION.title) },
    fullDescription: { text: sentence(UNUSED_SUPPRESSION.summary) },
    help: { text: plain(UNUSED_SUPPRESSION.help), markdown: UNUSED_SUPPRESSION.help },
    helpUri: REPOSITORY_URL,
    defaultConfiguration: { level: SARIF_LEVEL[severity] },
    properties: { tags: ['maintainability'], precision: 'very-high' },
  };
}

function helpText(meta: RuleMeta): string {
  return [plain(meta.summary), ...(meta.details ? [plain(meta.details)] : []), plain(meta.rationale), `Fix: ${plain(meta.fix)}`, `Documentation: ${ruleDocsUrl(meta.id)}`].join('\n\n');
}

function helpMarkdown(meta: RuleMeta, severity: string): string {
  const example = (title: string, code: string, language: string): string => `*${title}*\n\n\`\`\`${language}\n${code}\n\`\`\``;
  return [
    `**${meta.title}** (severity ${severity})`,
    meta.summary,
    ...(meta.details ? [meta.details] : []),
    '#### Why it matters',
    meta.rationale,
    '#### Fix',
    meta.fix,
    ...meta.bad.slice(0, 1).map((bad) => example(`Bad: ${bad.title}`, bad.code, bad.language)),
    ...meta.good.slice(0, 1).map((good) => example(`Good: ${good.title}`, good.code, good.language)),
    `[Rule documentation](${ruleDocsUrl(meta.id)})`,
  ].join('\n\n');
}

function sarifResult(finding: Finding, index: number | undefined, locate: (location: SourceLocation) => JsonObject): JsonObject {
  const properties: JsonObject = { severity: finding.severity, resource: finding.resource.address, resourceType: finding.resource.type };
  if (finding.branch) properties.branch = finding.branch;
  if (finding.change) properties.change = finding.change;
  if (finding.status) properties.status = finding.status;
  if (finding.changed !== undefined) properties.changed = finding.changed;
  if (finding.fix) properties.fix = { description: finding.fix.description, snippet: finding.fix.snippet };
  // Not as SARIF `fixes`: each of those must say the bytes it replaces (artifactChanges), and a snippet is text to write.
  if (finding.fixes) properties.fixes = finding.fixes.map(({ when, description, snippet }) => ({ when, description, snippet }));
  const related = finding.related.slice(0, MOST_RELATED_LOCATIONS);
  const relatedLeftOut = finding.related.length - related.length;
  if (relatedLeftOut > 0) properties.relatedLocationsLeftOut = relatedLeftOut;
  const sarif: JsonObject = {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: SARIF_LEVEL[finding.severity],
    message: {
      text:
        sentence(finding.message) +
        fixesOf(finding).map((fix) => ` Fix${fixWorlds(fix)}: ${sentence(fix.description)}`).join('') +
        (relatedLeftOut > 0 ? ` The first ${count(related.length)} of ${count(finding.related.length)} related locations are listed.` : ''),
    },
    locations: [{ physicalLocation: locate(finding.location) }],
    partialFingerprints: { 'deputyFindingHash/v1': finding.fingerprint },
    properties,
  };
  if (related.length > 0) {
    sarif.relatedLocations = related.map((related, id) => ({
      id,
      physicalLocation: locate(related.location),
      message: { text: sentence(related.message) },
    }));
  }
  if (finding.suppressed) {
    sarif.suppressions = [
      {
        kind: finding.suppressed.source === 'inline' ? 'inSource' : 'external',
        status: 'accepted',
        justification: finding.suppressed.reason,
        properties: { source: finding.suppressed.source },
      },
    ];
  }
  return sarif;
}

const MAX_SNIPPET = 10_000;
const CONTEXT_LINES = 2;

/**
 * SARIF regions are 1-based with the end at or after the start; a malformed location is clamped, never rejected.
 * With the file's lines, the region carries its text and a context region the lines around it.
 */
function physicalLocation(location: SourceLocation, artifactLocation: JsonObject, lines: string[] | undefined, mask = (text: string) => text): JsonObject {
  const startLine = Math.max(1, location.startLine);
  const startColumn = Math.max(1, location.startColumn);
  const endLine = Math.max(startLine, location.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, location.endColumn) : Math.max(1, location.endColumn);
  const region: JsonObject = { startLine, startColumn, endLine, endColumn };
  if (!lines || endLine > lines.length) return { artifactLocation, region };
  const covered = lines.slice(startLine - 1, endLine);
  covered[covered.length - 1] = covered[covered.length - 1]!.slice(0, endColumn - 1);
  covered[0] = covered[0]!.slice(startColumn - 1);
  // A masked value (a plan holds the values of sensitive variables) is masked in the snippets, as in the messages.
  const text = mask(covered.join('\n'));
  if (text.length <= MAX_SNIPPET) region.snippet = { text };
  const contextStart = Math.max(1, startLine - CONTEXT_LINES);
  const contextEnd = Math.min(lines.length, endLine + CONTEXT_LINES);
  const context = mask(lines.slice(contextStart - 1, contextEnd).join('\n'));
  if (context.length > MAX_SNIPPET) return { artifactLocation, region };
  return { artifactLocation, region, contextRegion: { startLine: contextStart, endLine: contextEnd, snippet: { text: context } } };
}

function invocation(result: ScanResult, artifact: (file: string) => JsonObject, leftOut: number): JsonObject {
  const notifications = [
    ...result.errors.map((error) => notification('error', error.message, error.file, error.line, error.column, artifact)),
    ...result.notices.map((notice) => notification('note', notice.message, notice.file, notice.line, notice.column, artifact)),
    ...(leftOut > 0
      ? [
          {
            level: 'warning',
            message: {
              text: `${count(leftOut)} of ${count(result.findings.length)} findings are left out of this file: GitHub code scanning rejects a run of more than ${count(MOST_RESULTS)} results. The unsuppressed and most severe are listed; the json format lists every finding.`,
            },
          },
        ]
      : []),
  ];
  return { executionSuccessful: result.errors.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) };
}

function notification(level: 'error' | 'note', message: string, file: string, line: number | undefined, column: number | undefined, artifact: (file: string) => JsonObject): JsonObject {
  // Errors about the command line have no location.
  const hasFile = namesFile(file);
  const text = hasFile ? message : `${file}: ${message}`;
  const physical: JsonObject | undefined = hasFile
    ? { artifactLocation: artifact(file), ...(line !== undefined ? { region: { startLine: Math.max(1, line), ...(column !== undefined ? { startColumn: Math.max(1, column) } : {}) } } : {}) }
    : undefined;
  return { level, message: { text: sentence(text) }, ...(physical ? { locations: [{ physicalLocation: physical }] } : {}) };
}

/** Relative to `%SRCROOT%` when the file lies under the source root, an absolute file URI otherwise. */
function artifactLocation(file: string, options: SarifOptions): JsonObject {
  const path = pathFromRoot(file, options.sourceRoot, options.cwd);
  if (path !== undefined) return { uri: wellFormed(path).split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT_ID };
  return { uri: pathToFileURL(resolve(options.cwd ?? process.cwd(), wellFormed(file))).href };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** SARIF viewers show plain-text messages as sentences. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Markdown-free text for the `text` fields: code spans lose their backticks. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1');
}
