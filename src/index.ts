/** deputy's public API: scan files and folders, and the types of what comes back. */
export { scan, type Notice, type ScanOptions, type ScanResult } from './analyze/engine.js';
export { RULES, findRule } from '../rules/index.js';
export { renderJson, JSON_SCHEMA_VERSION } from './report/json.js';
export { renderText, type TextOptions } from './report/text.js';
export type { Finding, Fix, RelatedLocation, Severity } from './model/finding.js';
export type { SourceLocation } from './model/location.js';
export type { InputError } from './model/resource.js';
export type { Rule, RuleMeta } from './model/rule.js';
