import type { ResourceGraph } from '../graph/graph.js';
import type { ServicePrincipalCatalog } from '../iam/service-principals.js';
import type { Fix, Severity } from './finding.js';
import type { Locator, Path, SourceLocation } from './location.js';
import type { Resource } from './resource.js';

export type RuleFamily = 'trust' | 'identity' | 'policy' | 'sagemaker';

export interface RuleExample {
  title: string;
  language: 'yaml' | 'json' | 'hcl';
  code: string;
}

/** The single source of truth for docs pages, `deputy rules`, `deputy explain` and SARIF descriptors. */
export interface RuleMeta {
  id: string;
  family: RuleFamily;
  severity: Severity;
  /** Severity used when the rule reports on something other than its primary target (documented per rule). */
  severityNote?: string;
  title: string;
  /**
   * One sentence: what the rule reports. It is the SARIF descriptor's fullDescription, which GitHub code scanning takes
   * to 1,000 characters (SARIF_DESCRIPTION_LIMIT): the cases one by one go in `details`.
   */
  summary: string;
  /** What the rule reports case by case, where the summary cannot say it in a sentence; after it wherever it is shown. */
  details?: string;
  /** Why it matters, citing the AWS page it rests on. */
  rationale: string;
  sources: Array<{ title: string; url: string }>;
  /** Message templates; `{name}` placeholders are filled from the report's data, else from `variants`. */
  messages: Record<string, string>;
  /**
   * The texts a `{name}` placeholder of the messages may say, by variant (`RuleReport.variants` picks one; the first
   * otherwise): what differs with what the finding is, not a value of the input (who refuses a policy, and when). A
   * text may name the report's data or exposure values in turn (`{principals}`), never another variant.
   */
  variants?: Record<string, Record<string, string>>;
  bad: RuleExample[];
  good: RuleExample[];
  fix: string;
}

export interface RelatedReport {
  message: string;
  resource?: Resource;
  locator: Locator;
  path: Path;
}

/** What a rule returns: where (a path, never a line) and what (a message id and its data). */
export interface RuleReport {
  messageId: string;
  /** The message's values, which the fingerprint is made from (with the rule, the resource and the path). */
  data: Record<string, string>;
  /**
   * Message values that say whom the finding reaches rather than what is wrong (the principals a policy is attached
   * to), shown in place of `data`'s: left out of the fingerprint, so that attaching a policy to one more role, or
   * detaching it, leaves its findings as they were in a baseline and in a plan's deployed state.
   */
  exposure?: Record<string, string>;
  /**
   * The variant of each `RuleMeta.variants` placeholder the message says, where it is not the first. What the data
   * already tells apart: left out of the fingerprint, which stays the finding's whichever the message says.
   */
  variants?: Record<string, string>;
  resource: Resource;
  locator: Locator;
  path: Path;
  /**
   * Where the finding is located, more precisely than `path` (a statement's Action entry, where `path` is the statement):
   * its location, and where the value there is written, are read at it. The fingerprint is built from `path` still, so
   * that pointing a rule's findings at a more specific line keeps those a baseline accepted.
   */
  locatedAt?: Path;
  /**
   * Where the finding holds only when a choice the input leaves open is made so (a role a resource uses only when a
   * conditional not decided chooses it: `Edge.when`), what it is (`var.use_a is false`): the finding says it after its
   * message, as one holding in some of a template's branches does (`Finding.branch`). Not in the fingerprint.
   */
  when?: string;
  /**
   * The part of the string the finding is located at (`locatedAt`, else `path`) that it is about (a placeholder in a longer value): where a string is built
   * around reads of locals or variables (`"repo:${var.org}/*"`), the one read that gives this part is where the value
   * is written, as a value read whole is.
   */
  part?: string;
  severity?: Severity;
  related?: RelatedReport[];
  fix?: Fix;
  /**
   * Where the change the fix makes is written where that is a Terraform module call in the user's own code, not the
   * code of the resource's module (`settingFix` sets an input the call leaves out): for a resource of a registry or git
   * module, the fix is then made in that call, not in the module's source.
   */
  fixInCall?: SourceLocation;
}

export interface RuleContext {
  services: ServicePrincipalCatalog;
  /**
   * The instant of the scan (milliseconds since the epoch), at or after which every request a rule asks about is made:
   * taken once per scan, so every rule reads a condition on the request's time alike.
   */
  now: number;
  /** Accounts the user trusts besides the owner (`.deputy.yml` trustedAccounts). */
  trustedAccounts?: readonly string[];
  /** Required SageMaker guardrail condition keys per action (`.deputy.yml`), replacing the rule's defaults for the actions named. */
  guardrailKeys?: Readonly<Record<string, readonly string[]>>;
  /** Extra documentation placeholders (`.deputy.yml`), added to the rule's defaults. */
  placeholders?: readonly string[];
  /**
   * How reports show a text of the file, where it holds a value supplied for a NoEcho parameter or a sensitive Terraform
   * variable (`<Partner>`, see masked.ts), or the Default of a NoEcho parameter, which reports show as written (see
   * `ParsedFile.unnamedValues`); undefined where the file has none. A fix makes up no name of such a value: masked, the
   * name (`PartnerExternalId<Partner>`) would be no valid code, and CloudFormation shows a parameter's name unmasked.
   */
  mask?: (text: string) => string;
}

export interface Rule {
  meta: RuleMeta;
  check(graph: ResourceGraph, context: RuleContext): RuleReport[];
}
