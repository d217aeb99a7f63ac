import type { SourceLocation } from './location.js';
import type { ResourceChange } from './resource.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** Sort order of findings by severity, the most severe first (sorting is stable: equals keep their order). */
export function mostSevereFirst(a: { severity: Severity }, b: { severity: Severity }): number {
  return severityRank(b.severity) - severityRank(a.severity);
}

export interface RelatedLocation {
  message: string;
  resource?: string;
  location: SourceLocation;
}

export interface Fix {
  description: string;
  snippet: string;
}

/** One of the fixes of a finding whose worlds take different ones (`Finding.fixes`), with the worlds it is written for. */
export interface FixInWorlds extends Fix {
  /** The worlds, as a finding's branch says them, without its `only` (`when condition IsModel is false`). */
  when: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  resource: { address: string; type: string; file: string };
  location: SourceLocation;
  related: RelatedLocation[];
  fix?: Fix;
  /**
   * In place of `fix`, where the worlds the finding holds in (a template parameter's AllowedValues, a Terraform
   * variable's listed values) take fixes that write different text (a trust condition naming the pipeline that uses the
   * role in some, any SageMaker ARN in others): each with the worlds it is for, in the order of their first world.
   */
  fixes?: FixInWorlds[];
  fingerprint: string;
  /** Set when the finding holds only for some values of the template's conditions, or of a Terraform conditional not decided (`RuleReport.when`). */
  branch?: string;
  /** Terraform plan: what the plan does to the finding's resource. */
  change?: ResourceChange;
  /**
   * Terraform plan: whether the plan brings the finding (`status` new), or creates, updates or replaces a resource it
   * rests on: its own, the one its location is in (a policy attached to it), the attachment resource that attaches that
   * policy, or a related one (`--changed-only` keeps these findings).
   */
  changed?: boolean;
  /** Terraform plan: `existing` when the rule makes the same finding on the resources as deployed before the plan, else `new`. */
  status?: 'new' | 'existing';
  suppressed?: { reason: string; source: 'inline' | 'config' | 'baseline' };
}

/** The fixes of a finding: its one fix, without worlds, or each of those its worlds take (`Finding.fixes`). */
export function fixesOf(finding: Finding): ReadonlyArray<Fix & { when?: string }> {
  return finding.fixes ?? (finding.fix ? [finding.fix] : []);
}

/** What a fix's heading says after `fix`: the worlds it is for (` when condition IsModel is false`), where it says them. */
export function fixWorlds(fix: Fix & { when?: string }): string {
  return fix.when === undefined ? '' : ` ${fix.when}`;
}
