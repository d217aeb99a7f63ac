/** deputy's public API: scan files and folders, and the types of what comes back. */
export { scan, type Notice, type ScanOptions, type ScanResult } from './analyze/engine.js';
export { RULES, findRule } from '../rules/index.js';
export { loadConfig, parseConfig, findConfigFile, ConfigError, type DeputyConfig, type RuleSetting, type FailOn } from './analyze/config.js';
export { createBaseline, readBaseline, renderBaseline, applyBaseline, BaselineError, type Baseline, type BaselineEntry } from './analyze/baseline.js';
export { UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_ID } from './analyze/suppress.js';
export { renderJson, JSON_SCHEMA_VERSION } from './report/json.js';
export { renderText, type TextOptions } from './report/text.js';
export { renderSarif, SARIF_LEVEL, SECURITY_SEVERITY, type SarifOptions } from './report/sarif.js';
export { renderGitHub, escapeData, escapeProperty, type GitHubOptions } from './report/github.js';
export { renderJUnit, type JUnitOptions } from './report/junit.js';
export { renderMarkdown, escapeMarkdown, type MarkdownOptions } from './report/markdown.js';
export { renderMermaid, mermaidLabel, type MermaidOptions } from './report/mermaid.js';
export { findSourceRoot } from './report/source-root.js';
export type { GraphSummary, RolePolicy, RoleSummary, RoleUser, TrustPrincipal } from './graph/summary.js';
export type { Finding, Fix, FixInWorlds, RelatedLocation, Severity } from './model/finding.js';
export type { SourceLocation } from './model/location.js';
export type { InputError } from './model/resource.js';
export type { Rule, RuleMeta } from './model/rule.js';
