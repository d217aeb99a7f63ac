import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configAddress, isConfigAddressOf, parseAddress, repeatedAddress } from '../../../parsers/terraform-plan/address.js';
import { indexInstances, instancesIn, PlanConfiguration, ProviderConfigs } from '../../../parsers/terraform-plan/configuration.js';
import { looksLikeTerraformPlan, looksLikeTerraformPlanLog, parseTerraformPlan } from '../../../parsers/terraform-plan/index.js';
import { locateInDeclaration, type Declaration } from '../../../parsers/terraform-plan/declarations.js';
import { HclSource } from '../../../parsers/terraform/source.js';
import { scanTree, type Tree } from '../terraform/helpers.js';
import { scan } from '../../../src/analyze/engine.js';
import type { Finding } from '../../../src/model/finding.js';
import { OWNER_ACCOUNT, Unresolved, displayValue, loneReferencePayload, refMarker, tokenize, type ParsedWorld, type Path, type Resource } from '../../../src/model/index.js';

const ACCOUNT = '493827160514';
const sagemakerTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const lambdaTrust = sagemakerTrust.replace('sagemaker', 'lambda');

interface Spec {
  address: string;
  values?: Record<string, unknown>;
  actions?: string[];
  unknown?: Record<string, unknown>;
  sensitive?: Record<string, unknown>;
  before?: Record<string, unknown>;
}

/** A plan in `terraform show -json` shape, child modules nested as Terraform nests them. */
function plan(specs: Spec[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const entry = (spec: Spec) => {
    const parsed = parseAddress(spec.address)!;
    return { address: spec.address, mode: parsed.mode, type: parsed.type, name: parsed.name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: spec.values ?? {}, sensitive_values: {} };
  };
  const moduleSteps = (address: string) => parseAddress(address)!.modules.map((step) => `module.${step.name}${step.key !== undefined ? `[${step.key}]` : ''}`);
  const planned = specs.filter((spec) => spec.actions?.join() !== 'delete');
  const child = (steps: string[]): Record<string, unknown> => {
    const address = steps.join('.');
    const below = planned.filter((spec) => moduleSteps(spec.address).slice(0, steps.length).join('.') === address);
    const children = [...new Set(below.map((spec) => moduleSteps(spec.address)).filter((inner) => inner.length > steps.length).map((inner) => inner[steps.length]!))];
    return {
      resources: below.filter((spec) => moduleSteps(spec.address).length === steps.length).map(entry),
      ...(children.length > 0 ? { child_modules: children.map((step) => child([...steps, step])) } : {}),
      ...(address ? { address } : {}),
    };
  };
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: child([]) },
    resource_changes: specs.map((spec) => ({
      ...entry(spec),
      change: { actions: spec.actions ?? ['create'], before: spec.before ?? null, after: spec.values ?? {}, after_unknown: spec.unknown ?? {}, before_sensitive: false, after_sensitive: spec.sensitive ?? {} },
    })),
    ...extra,
  };
}

function world(document: unknown, file = 'plan.json'): ParsedWorld {
  const parsed = parseTerraformPlan(file, JSON.stringify(document, null, 2));
  expect(parsed.errors).toEqual([]);
  return parsed.worlds[0]!;
}

/** A plan read beside the Terraform folder it was made from. */
function besideFolder(directory: string, document: unknown): ParsedWorld {
  const parsed = parseTerraformPlan(join(directory, 'plan.json'), JSON.stringify(document, null, 2), { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
  expect(parsed.errors).toEqual([]);
  return parsed.worlds[0]!;
}

/** Each resource that uses a role, with the role. */
function usesRole(parsed: ParsedWorld): Record<string, string> {
  return Object.fromEntries(parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from, edge.to]));
}

function resource(parsed: ParsedWorld, address: string): Resource {
  const found = parsed.resources.find((candidate) => candidate.address === address);
  expect(found, address).toBeDefined();
  return found!;
}

/** A role's `dynamic "inline_policy"` block over `forEach`, as lines of a `.tf` file. */
function dynamicInlinePolicy(forEach: string): string[] {
  return ['  dynamic "inline_policy" {', `    for_each = ${forEach}`, '    content {', '      name   = inline_policy.key', '      policy = inline_policy.value', '    }', '  }'];
}

/** A resource object of a state (`prior_state`) as Terraform writes it. */
function stateResource(address: string, values: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const parsed = parseAddress(address)!;
  return { address, mode: parsed.mode, type: parsed.type, name: parsed.name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values, sensitive_values: {}, ...extra };
}

/** The resource at `address` as a plan writes one a `removed` block forgets: in planned_values without values, its change's `after` null. */
function forgetIn(document: Record<string, unknown>, address: string): void {
  const root = (document.planned_values as { root_module: { resources: Array<Record<string, unknown>> } }).root_module;
  const forgotten = root.resources.find((entry) => entry.address === address)!;
  delete forgotten.values;
  forgotten.sensitive_values = false;
  const change = (document.resource_changes as Array<{ address: string; change: object }>).find((entry) => entry.address === address)!;
  Object.assign(change.change, { after: null, after_unknown: false });
}

const directories: string[] = [];
function folder(files: Record<string, string | Buffer>): string {
  const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, '..'), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

/**
 * A folder of .tf files and the real plan made from it (`plan.json`), scanned three ways that must agree: its `written`
 * files alone, the folder with the plan beside them, and the plan copied elsewhere with the folder given as --tf-dir.
 */
async function scannedAloneBesideAndWithTfDir(fixture: string, written: string[]): Promise<Array<Awaited<ReturnType<typeof scan>>>> {
  const elsewhere = folder({ 'plan.json': readFileSync(join(fixture, 'plan.json')) });
  return [await scan(written.map((name) => join(fixture, name))), await scan([fixture]), await scan([join(elsewhere, 'plan.json')], { terraformFolder: fixture })];
}

describe('plan detection', () => {
  it('recognises plans by content and nothing else', () => {
    expect(looksLikeTerraformPlan(JSON.stringify(plan([])))).toBe(true);
    expect(looksLikeTerraformPlan('\uFEFF{"format_version":"0.1","terraform_version":"0.12.29","resource_changes":[]}')).toBe(true);
    expect(looksLikeTerraformPlan('{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}')).toBe(false);
    expect(looksLikeTerraformPlan('{"format_version":"1.0","values":{"root_module":{}}}')).toBe(false);
  });

  it('refuses the log terraform plan -json writes, named or found in a folder, as it is meant for the plan; the folder is still analyzed', async () => {
    // Written by terraform 1.11.4 plan -json from main.tf beside it.
    const directory = join(import.meta.dirname, 'plan-log');
    const log = readFileSync(join(directory, 'plan.json'), 'utf8');
    expect(looksLikeTerraformPlanLog(log)).toBe(true);
    expect(looksLikeTerraformPlanLog(JSON.stringify(plan([])))).toBe(false);
    expect(looksLikeTerraformPlanLog('{"@level":"info","@message":"started","@module":"myapp"}\n')).toBe(false);
    // Files are shown relative to the folder deputy runs in.
    const refused = { file: relative(process.cwd(), join(directory, 'plan.json')), message: 'the log terraform plan -json writes (a JSON message a line), not a plan: write the plan with terraform plan -out plan.bin, then terraform show -json plan.bin > plan.json' };
    expect((await scan([join(directory, 'plan.json')])).errors).toEqual([refused]);
    const walked = await scan([directory]);
    expect(walked.errors).toEqual([refused]);
    expect(walked.findings.map((finding) => [finding.ruleId, finding.location.file])).toContainEqual(['trust-service-without-source-condition', relative(process.cwd(), join(directory, 'main.tf'))]);
  });

  it('refuses the binary plan terraform plan -out writes, named or found in a folder: terraform plan -out=plan.json leaves it', async () => {
    // Written by terraform 1.11.4 plan -out from the main.tf of plan-log.
    const directory = join(import.meta.dirname, 'binary-plan');
    const refused = { file: relative(process.cwd(), join(directory, 'plan.json')), message: 'the binary plan terraform plan -out writes, not its JSON: write that with terraform show -json plan.bin > plan.json' };
    expect((await scan([directory])).errors).toEqual([refused]);
    expect((await scan([join(directory, 'plan.json')])).errors).toEqual([refused]);
    // Another zip archive is no plan: skipped when found.
    const other = folder({ 'bundle.json': Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), Buffer.from('index.js')]) });
    expect((await scan([other])).errors).toEqual([]);
  });

  it('refuses terraform show -json of a state, found in a folder as when named: what it writes when the plan file is left out', async () => {
    // terraform 1.11.4 show -json, with no plan file and no state yet (the first run of a CI job); and of a deployed role.
    const empty = '{"format_version":"1.0"}\n';
    const deployed = JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: {} }] } } });
    const directory = folder({ 'ci/plan.json': empty, 'shown/plan.json': deployed, 'raw/terraform.tfstate.json': JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 3, lineage: 'l', outputs: {}, resources: [] }) });
    const refused = (file: string) => ({ file: join(directory, file), message: 'a Terraform state, not a plan: deputy reads plans, written with terraform plan -out plan.bin && terraform show -json plan.bin > plan.json' });
    expect((await scan([directory])).errors).toEqual([refused('ci/plan.json'), refused('shown/plan.json')]);
    // The state file itself is written by Terraform to keep, not for deputy: refused only when named.
    expect((await scan([join(directory, 'raw', 'terraform.tfstate.json')])).errors).toEqual([refused('raw/terraform.tfstate.json')]);
  });

  it('scans a plan written as UTF-16 (PowerShell 5.1 redirects so), named or found in a folder, larger than other inputs may be', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-utf16-plan-'));
    try {
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      const text = JSON.stringify(plan([{ address: 'aws_iam_role.exec', values: { assume_role_policy: trust, name: 'exec' } }]), null, 2);
      // Past the 20 MiB other inputs may have: only a plan may be larger, told by how it starts.
      const padded = `${text.slice(0, -1)}, "padding": "${'x'.repeat(11 * 1024 * 1024)}"}`;
      writeFileSync(join(directory, 'plan.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(padded, 'utf16le')]));
      for (const input of [join(directory, 'plan.json'), directory]) {
        const result = await scan([input]);
        expect(result.errors, input).toEqual([]);
        expect(result.findings.map((finding) => [finding.ruleId, finding.resource.address]), input).toEqual([['trust-service-without-source-condition', 'aws_iam_role.exec']]);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses a plan past 256 MiB found in a folder, as when named: it is told by how it starts, and skipped it would pass unread', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-huge-plan-'));
    try {
      // Sparse files: their size is what counts, and nothing past their first bytes is read.
      writeFileSync(join(directory, 'plan.json'), '{"format_version":"1.2","planned_values":');
      truncateSync(join(directory, 'plan.json'), 257 * 1024 * 1024);
      writeFileSync(join(directory, 'dataset.json'), '{"rows":');
      truncateSync(join(directory, 'dataset.json'), 257 * 1024 * 1024);
      const refused = [{ file: join(directory, 'plan.json'), message: 'file is larger than 256 MiB; not analyzed' }];
      expect((await scan([directory])).errors).toEqual(refused);
      expect((await scan([join(directory, 'plan.json')])).errors).toEqual(refused);
      // A file too large that does not start as a plan may be anything: skipped in a folder, refused only when named.
      expect((await scan([join(directory, 'dataset.json')])).errors).toEqual([{ file: join(directory, 'dataset.json'), message: 'file is larger than 20 MiB; not analyzed' }]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports invalid JSON with its line and unsupported versions', () => {
    const broken = parseTerraformPlan('plan.json', '{\n  "format_version": "1.2",\n  "planned_values": {,\n}');
    expect(broken.errors).toEqual([expect.objectContaining({ file: 'plan.json', line: 3, message: expect.stringContaining('not valid JSON') })]);
    const future = parseTerraformPlan('plan.json', JSON.stringify({ ...plan([]), format_version: '2.0' }));
    expect(future.errors[0]!.message).toContain('unsupported plan format_version 2.0');
    // Both refusals of the version are at the format_version written.
    expect(parseTerraformPlan('plan.json', '{"resource_changes": [],\n  "format_version": "2.0"}').errors).toEqual([{ file: 'plan.json', line: 2, column: 3, message: 'unsupported plan format_version 2.0 (deputy reads 0.x and 1.x)' }]);
    expect(parseTerraformPlan('plan.json', '{"resource_changes": [],\n  "format_version": 5}').errors).toEqual([{ file: 'plan.json', line: 2, column: 3, message: 'not a Terraform plan: expected format_version with planned_values or resource_changes' }]);
    expect(future.worlds).toEqual([]);
    // Sections in another shape than Terraform writes would read as empty: the plan is refused where they are.
    const misshapen = parseTerraformPlan('plan.json', '{"format_version":"1.2",\n"planned_values":"oops","resource_changes":{"a":1},"configuration":[]}');
    expect(misshapen.errors).toEqual([{ file: 'plan.json', line: 2, column: 1, message: 'not a Terraform plan: its planned_values is not an object, as terraform show -json writes it' }]);
    const changesNotListed = parseTerraformPlan('plan.json', '{"format_version":"1.2","planned_values":{},"resource_changes":{"a":1}}');
    expect(changesNotListed.errors.map(({ message }) => message)).toEqual(['not a Terraform plan: its resource_changes is not a list, as terraform show -json writes it']);
    // So would a module tree's parts: every resource below (or the one resource) went unread and the plan passed.
    const refusal = (planned: unknown, prior?: unknown): string[] =>
      parseTerraformPlan('plan.json', JSON.stringify({ format_version: '1.2', planned_values: planned, ...(prior === undefined ? {} : { prior_state: prior }) })).errors.map(({ message }) => message);
    const role = { address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { name: 'r' } };
    const refused = (path: string, shape: string): string[] => [`not a Terraform plan: its ${path} is not ${shape}, as terraform show -json writes it`];
    expect(refusal({ root_module: 'oops' })).toEqual(refused('planned_values.root_module', 'an object'));
    expect(refusal({ root_module: { resources: { r: role } } })).toEqual(refused('planned_values.root_module.resources', 'a list'));
    expect(refusal({ root_module: { child_modules: { address: 'module.m', resources: [role] } } })).toEqual(refused('planned_values.root_module.child_modules', 'a list'));
    expect(refusal({ root_module: { child_modules: [{ resources: [{ ...role, values: '{"name":"r"}' }] }] } })).toEqual(refused('planned_values.root_module.child_modules[0].resources[0].values', 'an object'));
    expect(refusal({ root_module: { resources: [{ ...role, address: 5 }] } })).toEqual(refused('planned_values.root_module.resources[0].address', 'a string'));
    expect(refusal({ root_module: {} }, { values: { root_module: { resources: ['oops'] } } })).toEqual(refused('prior_state.values.root_module.resources[0]', 'an object'));
    // Sensitive values marked in another shape would mark nothing, and a sensitive value would be shown as written.
    expect(refusal({ root_module: { resources: [{ ...role, sensitive_values: 'name' }] } })).toEqual(refused('planned_values.root_module.resources[0].sensitive_values', 'an object'));
    expect(refusal({ root_module: { resources: [{ ...role, sensitive_values: {} }, { ...role, address: 'aws_iam_role.s', sensitive_values: true }] } })).toEqual([]);
    // Where Terraform writes none of them, or null (a forgotten resource has no values), nothing is refused.
    expect(refusal({ root_module: { resources: [role, { ...role, address: 'aws_iam_role.f', values: undefined }] } }, { values: null })).toEqual([]);
    // A plan that is no JSON object, or whose own object names no format_version (one nested in it does not count), at
    // the value the text writes.
    expect(parseTerraformPlan('plan.json', '\n  [{"format_version": "1.2", "resource_changes": []}]').errors).toEqual([{ file: 'plan.json', line: 2, column: 3, message: 'not a Terraform plan: it is not a JSON object, as terraform show -json writes it' }]);
    expect(parseTerraformPlan('plan.json', '"format_version"').errors).toEqual([{ file: 'plan.json', line: 1, column: 1, message: 'not a Terraform plan: it is not a JSON object, as terraform show -json writes it' }]);
    expect(parseTerraformPlan('plan.json', '\n{"x": {"format_version": "1.2", "resource_changes": []}}').errors).toEqual([{ file: 'plan.json', line: 2, column: 1, message: 'not a Terraform plan: expected format_version with planned_values or resource_changes' }]);
    // A change's marks in another shape than an object (or true) would mark nothing, and an unknown value read as planned.
    const marked = parseTerraformPlan('plan.json', '{"format_version":"1.2","planned_values":{},"resource_changes":[\n{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r",\n"change":{"actions":["create"],"before":null,"after":{"name":"r"},\n"after_unknown":"arn"}}]}');
    expect(marked.errors).toEqual([{ file: 'plan.json', line: 4, column: 1, message: 'not a Terraform plan: its resource_changes[0].change.after_unknown is not an object (or true), as terraform show -json writes it' }]);
    expect(marked.worlds).toEqual([]);
    const located = parseTerraformPlan('plan.json', '{"format_version":"1.2",\n"planned_values":{"root_module":{\n"resources":[{"address":"aws_iam_role.r","type":"aws_iam_role",\n"values":"x"}]}}}');
    expect(located.errors).toEqual([{ file: 'plan.json', line: 4, column: 1, message: 'not a Terraform plan: its planned_values.root_module.resources[0].values is not an object, as terraform show -json writes it' }]);
  });
});

describe('addresses', () => {
  it('reads instance keys that hold dots, brackets and escaped quotes, and refuses what is not an address', () => {
    expect(parseAddress('module.a["x.y"].module.b[0].data.aws_iam_policy.p["k]"].arn')).toEqual({
      modules: [{ name: 'a', key: '"x.y"' }, { name: 'b', key: '0' }],
      mode: 'data',
      type: 'aws_iam_policy',
      name: 'p',
      key: '"k]"',
      attribute: 'arn',
    });
    expect(parseAddress('aws_iam_role.r["say \\"hi\\""]')).toMatchObject({ name: 'r', key: '"say \\"hi\\""' });
    // A quoted key not closed right before `]` is read up to the first `]`.
    expect(parseAddress('aws_iam_role.r["a"b]')).toMatchObject({ name: 'r', key: '"a"b' });
    for (const text of ['aws_iam_role.r[0', 'aws_iam_role.r.[0]', 'module.a["k"]', 'var.x', 'aws_iam_role[0].r', '1aws_x.y']) expect(parseAddress(text), text).toBeUndefined();
    // A data source named by its provider alone (terraform-provider-external, -http) is one; a managed type needs its underscore.
    expect(parseAddress('data.external.id_retriever')).toEqual({ modules: [], mode: 'data', type: 'external', name: 'id_retriever' });
    expect(parseAddress('module.m.data.http.page[0]')).toMatchObject({ mode: 'data', type: 'http', name: 'page', key: '0' });
    for (const text of ['external.x', 'local.x', 'data.External.x']) expect(parseAddress(text), text).toBeUndefined();
  });

  it('writes the configuration address of an instance without its module path, key or attribute', () => {
    const expected: Record<string, string> = {
      'aws_iam_role.r': 'aws_iam_role.r',
      'data.aws_iam_policy.p': 'data.aws_iam_policy.p',
      'aws_iam_role.r[0]': 'aws_iam_role.r',
      'module.a["k.x"].module.b[1].data.aws_iam_role.r["n]"]': 'data.aws_iam_role.r',
      'module.data.aws_iam_role.data': 'aws_iam_role.data',
      'aws_iam_role.r.arn': 'aws_iam_role.r',
    };
    for (const [address, written] of Object.entries(expected)) expect(configAddress(parseAddress(address)!), address).toBe(written);
  });

  it('reads an address that repeats the resource of another inside a module path as parseAddress reads it, or not at all', () => {
    const within = parseAddress('module.a["k"].module.b[0].aws_iam_role.first')!.modules;
    const like = (address: string) => parseAddress(address)!;
    for (const [text, other] of [
      ['module.a["k"].module.b[0].aws_iam_role.r', 'module.a["j"].module.b[0].aws_iam_role.r'],
      ['module.a["k"].module.b[0].data.aws_iam_role.r', 'data.aws_iam_role.r'],
    ]) {
      expect(repeatedAddress(text!, within, like(other!))).toEqual(parseAddress(text!, within));
      expect(repeatedAddress(text!, within, like(other!))!.modules).toBe(within);
    }
    const refused = [
      ['module.a["k"].module.b[0].aws_iam_role.r', 'aws_iam_role.rr'],
      ['module.a["k"].module.b[0].aws_iam_role.r', 'data.aws_iam_role.r'],
      ['module.a["k"].module.b[0].aws_iam_role.r["x"]', 'aws_iam_role.r'],
      ['module.a["k"].module.b[0].aws_iam_role.r', 'aws_iam_role.r["x"]'],
      ['module.a["k"].module.b[1].aws_iam_role.r', 'aws_iam_role.r'],
      ['module.a["k"].module.b[0].module.c.aws_iam_role.r', 'aws_iam_role.r'],
      ['module.a["k"].module.b[0].aws_iam_role.r', 'aws_iam_role.r.arn'],
    ];
    for (const [text, other] of refused) expect(repeatedAddress(text!, within, like(other!)), `${text} like ${other}`).toBeUndefined();
  });

  it('tells whether a text is the configuration address of an instance, as configAddress writes it', () => {
    const addresses = ['aws_iam_role.r', 'data.aws_iam_role.r', 'module.a[0].aws_iam_role.r["k"]', 'aws_iam_role.rr', 'aws_iam_rolex.r', 'aws_iam.role_r', 'data.aws_iam_role.data'];
    const texts = [...addresses.map((address) => configAddress(parseAddress(address)!)), 'xata.aws_iam_role.r', 'aws_iam_role_r', 'aws_iam_role.r.', ''];
    for (const address of addresses) {
      const parsed = parseAddress(address)!;
      for (const text of texts) expect(isConfigAddressOf(text, parsed), `${text} of ${address}`).toBe(text === configAddress(parsed));
    }
  });

  it('writes one configuration address for two instances exactly where their mode, type and name are the same', () => {
    // The planned resources of a module instance are paired with the previous instance's by these parts (samePlace).
    const addresses = ['aws_iam_role.r', 'aws_iam_role.r[0]', 'module.a["k"].aws_iam_role.r', 'data.aws_iam_role.r', 'aws_iam_role.rr', 'aws_iam_rolex.r', 'aws_iam.role_r', 'aws_iam_role.data', 'module.data.data.aws_iam_role.data', 'aws_x.data', 'data.aws_x.y'];
    const parsed = addresses.map((address) => parseAddress(address)!);
    for (const a of parsed) {
      for (const b of parsed) expect(a.mode === b.mode && a.type === b.type && a.name === b.name, `${configAddress(a)} and ${configAddress(b)}`).toBe(configAddress(a) === configAddress(b));
    }
  });

  it('reads steps past the attribute, and refuses an empty step or a module call with nothing after it', () => {
    expect(parseAddress('module.data.data.aws_iam_role.r.arn.extra')).toEqual({ modules: [{ name: 'data' }], mode: 'data', type: 'aws_iam_role', name: 'r', attribute: 'arn' });
    // A dot after a key ends the step; without keys, a trailing dot leaves an empty step.
    expect(parseAddress('aws_iam_role.r[0].')).toMatchObject({ name: 'r', key: '0' });
    for (const text of ['', 'aws_iam_role.r.', 'aws_iam_role..r', 'module.a.module', 'aws_iam_role.r.a/b']) expect(parseAddress(text), text).toBeUndefined();
  });

  it('shares the module path of an address that starts the next one, and reads the path again where it might read otherwise', () => {
    const first = parseAddress('module.a["k"].module.b[0].aws_iam_role.r')!;
    const sibling = parseAddress('module.a["k"].module.b[0].data.aws_iam_policy.p', first.modules)!;
    expect(sibling.modules).toBe(first.modules);
    expect(sibling).toEqual(parseAddress('module.a["k"].module.b[0].data.aws_iam_policy.p'));
    const deeper = parseAddress('module.a["k"].module.b[0].module.c.aws_iam_role.r', first.modules)!;
    expect(deeper.modules).toEqual([...first.modules, { name: 'c' }]);
    expect(first.modules).toHaveLength(2);
    expect(parseAddress('module.other.aws_iam_role.r', first.modules)).toEqual(parseAddress('module.other.aws_iam_role.r'));
    // A key without its closing quote was read up to the first `]`: after it, a later `"]` ends the key instead.
    const unclosed = parseAddress('module.a["x].aws_iam_role.r')!;
    expect(unclosed.modules).toEqual([{ name: 'a', key: '"x' }]);
    const later = 'module.a["x].b"].aws_iam_role.r';
    expect(parseAddress(later)).toMatchObject({ modules: [{ name: 'a', key: '"x].b"' }], type: 'aws_iam_role' });
    expect(parseAddress(later, unclosed.modules)).toEqual(parseAddress(later));
  });
});

describe('planned resources', () => {
  it('reads root and nested child modules with Terraform addresses and change kinds', () => {
    const parsed = world(
      plan([
        { address: 'aws_iam_role.created', values: { name: 'a' } },
        { address: 'aws_iam_role.updated', values: { name: 'b' }, actions: ['update'] },
        { address: 'aws_iam_role.replaced', values: { name: 'c' }, actions: ['delete', 'create'] },
        { address: 'aws_iam_role.replaced_first', values: { name: 'd' }, actions: ['create', 'delete'] },
        { address: 'aws_iam_role.unchanged', values: { name: 'e' }, actions: ['no-op'] },
        { address: 'aws_iam_role.deleted', values: { name: 'f' }, actions: ['delete'] },
        { address: 'module.ml["team-a"].aws_iam_role.exec[0]', values: { name: 'g' } },
        { address: 'module.ml["team-a"].module.inner.aws_sagemaker_model.this', values: { name: 'h' } },
        { address: 'data.aws_iam_role.existing', values: { name: 'i' }, actions: ['read'] },
      ]),
    );
    const summary = parsed.resources.map((item) => [item.address, item.type, item.kind, item.change]);
    expect(summary).toEqual([
      ['aws_iam_role.created', 'aws_iam_role', 'iam-role', 'create'],
      ['aws_iam_role.updated', 'aws_iam_role', 'iam-role', 'update'],
      ['aws_iam_role.replaced', 'aws_iam_role', 'iam-role', 'replace'],
      ['aws_iam_role.replaced_first', 'aws_iam_role', 'iam-role', 'replace'],
      ['aws_iam_role.unchanged', 'aws_iam_role', 'iam-role', 'no-op'],
      ['data.aws_iam_role.existing', 'aws_iam_role', 'other', 'read'],
      ['module.ml["team-a"].aws_iam_role.exec[0]', 'aws_iam_role', 'iam-role', 'create'],
      ['module.ml["team-a"].module.inner.aws_sagemaker_model.this', 'aws_sagemaker_model', 'sagemaker', 'create'],
    ]);
  });

  it('reads a changed resource that planned_values leaves out from its change, after the planned ones', () => {
    const document = plan([
      { address: 'aws_iam_role.planned', values: { name: 'a' } },
      { address: 'aws_iam_role.left_out', values: { name: 'b' }, actions: ['update'] },
      { address: 'aws_iam_role.gone', values: { name: 'c' }, actions: ['delete'] },
    ]);
    const root = (document.planned_values as { root_module: { resources: Array<{ address: string }> } }).root_module;
    root.resources = root.resources.filter((entry) => entry.address !== 'aws_iam_role.left_out');
    // Minified, the left-out change's `after` is read again from its own text (changes.ts).
    for (const parsed of [world(document), parseTerraformPlan('plan.json', JSON.stringify(document)).worlds[0]!]) {
      expect(parsed.resources.map((item) => [item.address, item.change, (item.properties as Record<string, unknown>).name])).toEqual([
        ['aws_iam_role.planned', 'create', 'a'],
        ['aws_iam_role.left_out', 'update', 'b'],
      ]);
    }
    // It is located in its change's `after`, where its values are written.
    const text = JSON.stringify(document, null, 2);
    const leftOut = resource(world(document), 'aws_iam_role.left_out');
    const entry = text.indexOf('"address": "aws_iam_role.left_out"', text.indexOf('"resource_changes"'));
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
    expect(leftOut.locator.locate(['name']).startLine).toBe(lineOf(text.indexOf('"name": "b"', text.indexOf('"after"', entry))));
    expect(leftOut.location.startLine).toBe(lineOf(entry));
  });

  it('reads a resource the plan neither lists nor changes from the prior state, as deployed, and one it forgets (it stays deployed), and none being deleted, deposed or read', () => {
    const document = plan([
      { address: 'aws_iam_role.planned', values: { name: 'a' } },
      { address: 'aws_iam_role.gone', values: { name: 'c' }, actions: ['delete'] },
      { address: 'aws_iam_role.forgotten', values: { name: 'g' }, actions: ['forget'] },
    ]);
    // Terraform lists a resource a `removed` block forgets in planned_values, without values.
    const root = (document.planned_values as { root_module: { resources: Array<Record<string, unknown>> } }).root_module;
    const forgotten = root.resources.find((entry) => entry.address === 'aws_iam_role.forgotten')!;
    delete forgotten.values;
    forgotten.sensitive_values = false;
    document.prior_state = { format_version: '1.0', values: { root_module: {
      resources: [
        stateResource('aws_iam_role.gone', { name: 'c' }),
        stateResource('aws_iam_role.forgotten', { name: 'g' }),
        stateResource('aws_iam_role.untouched', { name: 'd', arn: `arn:aws:iam::${ACCOUNT}:role/d` }),
        stateResource('aws_iam_role.untouched', { name: 'old' }, { deposed_key: '00000001' }),
        stateResource('data.aws_iam_role.existing', { name: 'e' }),
      ],
      child_modules: [{ address: 'module.m', resources: [stateResource('module.m.aws_iam_role.inner', { name: 'f' })] }],
    } } };
    const text = JSON.stringify(document, null, 2);
    const parsed = world(document);
    expect(parsed.resources.map((item) => [item.address, item.change, (item.properties as Record<string, unknown>).name])).toEqual([
      ['aws_iam_role.planned', 'create', 'a'],
      ['aws_iam_role.forgotten', undefined, 'g'],
      ['aws_iam_role.untouched', undefined, 'd'],
      ['module.m.aws_iam_role.inner', undefined, 'f'],
    ]);
    expect(parsed.resources.map((item) => [item.address, item.forgotten])).toEqual([
      ['aws_iam_role.planned', false],
      ['aws_iam_role.forgotten', true],
      ['aws_iam_role.untouched', false],
      ['module.m.aws_iam_role.inner', false],
    ]);
    const untouched = resource(parsed, 'aws_iam_role.untouched');
    // The owner's account in its ARN is read as in any other resource; all it holds is deployed.
    expect((untouched.properties as Record<string, unknown>).arn).toBe(`arn:aws:iam::${OWNER_ACCOUNT}:role/d`);
    // The world before the plan holds it as deployed, with what is being deleted or forgotten and the data sources the
    // plan read, and not the planned one.
    const deployed = parseTerraformPlan('plan.json', text).deployedWorld!();
    expect(deployed.resources.map((item) => [item.address, (item.properties as Record<string, unknown>).name])).toEqual([
      ['aws_iam_role.gone', 'c'],
      ['aws_iam_role.forgotten', 'g'],
      ['aws_iam_role.untouched', 'd'],
      ['data.aws_iam_role.existing', 'e'],
      ['module.m.aws_iam_role.inner', 'f'],
    ]);
    expect((resource(deployed, 'aws_iam_role.untouched').properties as Record<string, unknown>).arn).toBe(`arn:aws:iam::${OWNER_ACCOUNT}:role/d`);
    // It is located in the prior state, where its values are written (not in the deposed object after it).
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle, text.indexOf('"prior_state"'))).split('\n').length;
    expect(untouched.locator.locate(['name']).startLine).toBe(lineOf('"name": "d"'));
    expect(untouched.location.startLine).toBe(lineOf('"address": "aws_iam_role.untouched"'));
    expect(resource(parsed, 'module.m.aws_iam_role.inner').locator.locate(['name']).startLine).toBe(lineOf('"name": "f"'));
  });

  it("reads Terraform 0.12's prior_state addresses, written without their module and key, as the instances they stand for", () => {
    const document = plan([
      { address: 'module.m.aws_iam_role.r[0]', values: { name: 'r0' }, actions: ['update'], before: { name: 'r0-old' } },
      { address: 'module.m.aws_iam_role.same', values: { name: 'same' }, actions: ['no-op'], before: { name: 'same' } },
    ]);
    // As Terraform 0.12 writes it: `address` is the configuration address, `index` the key, the module in child_modules.
    const state = (name: string, index: number | string | undefined, values: Record<string, unknown>) => ({ address: `aws_iam_role.${name}`, mode: 'managed', type: 'aws_iam_role', name, ...(index === undefined ? {} : { index }), provider_name: 'aws', schema_version: 0, values });
    document.prior_state = { format_version: '0.1', values: { root_module: {
      resources: [state('root', 'k"1', { name: 'root-k' })],
      child_modules: [{ resources: [state('r', 0, { name: 'r0-old' }), state('r', 1, { name: 'r1' }), state('same', undefined, { name: 'same' })], address: 'module.m' }],
    } } };
    const text = JSON.stringify(document, null, 2);
    const parsed = world(document);
    expect(parsed.resources.map((item) => [item.address, item.change])).toEqual([
      ['module.m.aws_iam_role.r[0]', 'update'],
      ['module.m.aws_iam_role.same', 'no-op'],
      ['aws_iam_role.root["k\\"1"]', undefined],
      ['module.m.aws_iam_role.r[1]', undefined],
    ]);
    // The deployed values of a planned instance are found under the address they stand for.
    const deployed = parseTerraformPlan('plan.json', text).deployedWorld!();
    expect(deployed.resources.map((item) => [item.address, (item.properties as Record<string, unknown>).name])).toEqual([
      ['aws_iam_role.root["k\\"1"]', 'root-k'],
      ['module.m.aws_iam_role.r[0]', 'r0-old'],
      ['module.m.aws_iam_role.r[1]', 'r1'],
      ['module.m.aws_iam_role.same', 'same'],
    ]);
    // An instance read from prior_state is located there, though its module's address follows its resources.
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle, text.indexOf('"prior_state"'))).split('\n').length;
    expect(resource(parsed, 'module.m.aws_iam_role.r[1]').locator.locate(['name']).startLine).toBe(lineOf('"name": "r1"'));
    expect(resource(parsed, 'aws_iam_role.root["k\\"1"]').locator.locate(['name']).startLine).toBe(lineOf('"name": "root-k"'));
  });

  it('takes the last change of an address written twice, and reads a left-out change though a planned resource repeats', () => {
    const document = plan([
      { address: 'aws_iam_role.twice', values: { name: 'a' } },
      { address: 'aws_iam_role.left_out', values: { name: 'b' }, actions: ['update'] },
    ]);
    const changes = document.resource_changes as Array<Record<string, unknown>>;
    changes.push({ ...changes[0]!, change: { ...(changes[0]!.change as object), actions: ['update'] } });
    const root = (document.planned_values as { root_module: { resources: Array<{ address: string }> } }).root_module;
    root.resources = [root.resources[0]!, root.resources[0]!];
    expect(world(document).resources.map((item) => [item.address, item.change])).toEqual([
      ['aws_iam_role.twice', 'update'],
      ['aws_iam_role.twice', 'update'],
      ['aws_iam_role.left_out', 'update'],
    ]);
  });

  it('makes values known only after apply unresolved, nested ones too, and hidden sensitive values', () => {
    const parsed = world(
      plan([
        {
          address: 'aws_sagemaker_domain.d',
          values: { domain_name: 'research', default_user_settings: [{ security_groups: ['sg-1'] }], tags: { team: 'ml' } },
          unknown: { arn: true, default_user_settings: [{ execution_role: true, security_groups: [false] }], tags: { owner: true } },
          sensitive: { tags: { secret: true } },
        },
      ]),
    );
    const domain = resource(parsed, 'aws_sagemaker_domain.d').properties as Record<string, unknown>;
    expect(domain.arn).toEqual(new Unresolved('known after apply'));
    expect(domain.default_user_settings).toEqual([{ security_groups: ['sg-1'], execution_role: new Unresolved('known after apply') }]);
    expect(domain.tags).toEqual({ team: 'ml', owner: new Unresolved('known after apply'), secret: new Unresolved('sensitive value') });
    expect(domain.domain_name).toBe('research');
  });

  it('leaves what an empty mark covers known, and a missing collection an empty one', () => {
    const parsed = world(plan([{ address: 'aws_iam_role.r', values: { name: 'r', tags: { team: 'ml' } }, unknown: { tags: {}, tags_all: {}, inline_policy: [] }, sensitive: { tags: {} } }]));
    expect(resource(parsed, 'aws_iam_role.r').properties).toEqual({ name: 'r', tags: { team: 'ml' }, tags_all: {}, inline_policy: [] });
  });

  it("reads the caller's account as the owner's, in policies too", () => {
    const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { NumericEquals: { 'x:count': [Number(ACCOUNT)] }, StringEquals: { 'aws:SourceAccount': Number(ACCOUNT) } } }] });
    const parsed = world({
      ...plan([{ address: 'aws_iam_role.r', values: { assume_role_policy: trust, description: `account ${ACCOUNT}0 is not it` } }]),
      prior_state: { values: { root_module: { resources: [{ address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } }] } } },
    });
    const role = resource(parsed, 'aws_iam_role.r').properties as Record<string, string>;
    const policy = JSON.parse(role.assume_role_policy!) as { Statement: Array<{ Principal: { AWS: string }; Condition: Record<string, Record<string, unknown>> }> };
    expect(policy.Statement[0]!.Principal.AWS).toBe(`arn:aws:iam::${OWNER_ACCOUNT}:root`);
    // A bare JSON number stays a number: the text stays valid JSON.
    expect(policy.Statement[0]!.Condition).toEqual({ NumericEquals: { 'x:count': [Number(ACCOUNT)] }, StringEquals: { 'aws:SourceAccount': Number(ACCOUNT) } });
    expect(role.description).toBe(`account ${ACCOUNT}0 is not it`);
  });

  it('reads the account of the ARNs of deployed resources (IAM ones first) as the owner\'s when the plan reads no identity, unless they name several', () => {
    const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    const ops = { address: 'aws_iam_role.ops', values: { name: 'ops', assume_role_policy: trust, arn: `arn:aws:iam::${ACCOUNT}:role/ops` }, actions: ['no-op'] };
    const principal = (parsed: ParsedWorld) => (JSON.parse((resource(parsed, 'aws_iam_role.ops').properties as Record<string, string>).assume_role_policy!) as { Statement: Array<{ Principal: { AWS: string } }> }).Statement[0]!.Principal.AWS;
    // An event target's `arn` is its bus's, in another account: only IAM resources' own ARNs name the owner.
    const target = { address: 'aws_cloudwatch_event_target.fwd', values: { arn: 'arn:aws:events:us-east-1:304958671234:event-bus/central' }, actions: ['no-op'] };
    expect(principal(world(plan([ops, target])))).toBe(`arn:aws:iam::${OWNER_ACCOUNT}:root`);
    // Two accounts (a provider for each): which one deploys the role is not known from the ARNs.
    const other = { address: 'aws_iam_role.prod', values: { name: 'prod', arn: 'arn:aws:iam::333344445555:role/prod' }, actions: ['no-op'] };
    expect(principal(world(plan([ops, other])))).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    // A new role (its ARN known after apply) in a plan whose deployed resources are no IAM ones: theirs name the account.
    const created = { ...ops, values: { name: 'ops', assume_role_policy: trust }, actions: ['create'] };
    const key = { address: 'aws_kms_key.k', values: { arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234` }, actions: ['no-op'] };
    expect(principal(world(plan([created, key])))).toBe(`arn:aws:iam::${OWNER_ACCOUNT}:root`);
  });

  it('reads a role named in another account than the one the plan creates it in as not that role', () => {
    const identity = { prior_state: { values: { root_module: { resources: [{ address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } }] } } } };
    const role = { address: 'aws_iam_role.ml', values: { name: 'ml', assume_role_policy: lambdaTrust } };
    const notebook = (roleArn: string) => ({ address: 'aws_sagemaker_notebook_instance.nb', values: { name: 'nb', instance_type: 'ml.t3.medium', role_arn: roleArn } });
    const usesRole = (parsed: ParsedWorld) => parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => edge.to);
    expect(usesRole(world(plan([role, notebook(`arn:aws:iam::${ACCOUNT}:role/ml`)], identity)))).toEqual(['aws_iam_role.ml']);
    expect(usesRole(world(plan([role, notebook('arn:aws:iam::111122223333:role/ml')], identity)))).toEqual([]);
    // Without the owner's account, an account written is not known to be another.
    expect(usesRole(world(plan([role, notebook('arn:aws:iam::111122223333:role/ml')])))).toEqual(['aws_iam_role.ml']);

    // Two accounts, a provider configuration each: a name is IAM's to resolve in the account of the resource giving it.
    const providers = (attachedWith: string) => ({
      configuration: {
        provider_config: Object.fromEntries(
          [['aws.dev', '111122223333'], ['aws.prod', ACCOUNT]].map(([key, account]) => [key, { name: 'aws', alias: key!.slice(4), expressions: { allowed_account_ids: { constant_value: [account] } } }]),
        ),
        root_module: { resources: [{ address: 'aws_iam_role.ml', provider_config_key: 'aws.prod', expressions: {} }, { address: 'aws_iam_role_policy_attachment.a', provider_config_key: attachedWith, expressions: {} }] },
      },
    });
    const attachment = { address: 'aws_iam_role_policy_attachment.a', values: { role: 'ml', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } };
    const attachedTo = (parsed: ParsedWorld) => parsed.managedPolicyArns.map(({ principal }) => principal);
    expect(attachedTo(world(plan([role, attachment], providers('aws.prod'))))).toEqual(['aws_iam_role.ml']);
    expect(attachedTo(world(plan([role, attachment], providers('aws.dev'))))).toEqual([]);
  });

  it('reads a resource whose provider configuration signs in otherwise than the one the account is read for as of an account not known', () => {
    // The caller identity is read with the default configuration; aws.prod assumes a role of another account, which the
    // plan does not read: its role ml (deployed in 222222222222, as its ARN says) is the one its notebook names.
    const identity = { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } };
    const prod = '222222222222';
    const configuration = (prodCredentials: Record<string, unknown>) => ({
      provider_config: {
        aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'us-east-1' } } },
        'aws.prod': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', alias: 'prod', expressions: { region: { constant_value: 'us-east-1' }, ...prodCredentials } },
      },
      root_module: {
        resources: [
          { address: 'aws_iam_role.ml', mode: 'managed', type: 'aws_iam_role', name: 'ml', provider_config_key: 'aws.prod', expressions: {} },
          { address: 'aws_sagemaker_notebook_instance.nb', mode: 'managed', type: 'aws_sagemaker_notebook_instance', name: 'nb', provider_config_key: 'aws.prod', expressions: {} },
          { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', provider_config_key: 'aws', expressions: {} },
        ],
      },
    });
    const role = { address: 'aws_iam_role.ml', values: { name: 'ml', assume_role_policy: lambdaTrust, arn: `arn:aws:iam::${prod}:role/ml` } };
    const notebook = { address: 'aws_sagemaker_notebook_instance.nb', values: { name: 'nb', instance_type: 'ml.t3.medium', role_arn: `arn:aws:iam::${prod}:role/ml` } };
    const usesRole = (parsed: ParsedWorld) => parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => edge.to);
    const extra = (prodCredentials: Record<string, unknown>) => ({ prior_state: { values: { root_module: { resources: [identity] } } }, configuration: configuration(prodCredentials) });
    const assumed = { assume_role: [{ role_arn: { constant_value: `arn:aws:iam::${prod}:role/deploy` } }] };
    expect(usesRole(world(plan([role, notebook], extra(assumed))))).toEqual(['aws_iam_role.ml']);
    expect(usesRole(world(plan([role, notebook], extra({ profile: { constant_value: 'prod' } }))))).toEqual(['aws_iam_role.ml']);
    // Signing in alike (another region only), aws.prod deploys to the account read: the ARN names another account's role.
    expect(usesRole(world(plan([role, notebook], extra({}))))).toEqual([]);
  });

  it('reads a resource beside other accounts where the plan does not tell its account and a configuration used beside it may deploy to another, as the .tf does', () => {
    const aws = { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' };
    const resource = (address: string, key: string) => ({ address, mode: address.startsWith('data.') ? 'data' : 'managed', type: address.split('.').at(-2), name: address.split('.').at(-1), provider_config_key: key, expressions: {} });
    const identity = { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } };
    /** User alice of the default configuration, beside alias other signing in with `other`; `uses` what other creates, `read` whether the default configuration's caller identity is read. */
    const extra = (other: Record<string, unknown>, uses: readonly string[], read = false) => ({
      ...(read ? { prior_state: { values: { root_module: { resources: [identity] } } } } : {}),
      configuration: {
        provider_config: { aws: { ...aws, expressions: { region: { constant_value: 'us-east-1' } } }, 'aws.other': { ...aws, alias: 'other', expressions: { region: { constant_value: 'us-east-1' }, ...other } } },
        root_module: { resources: [resource('aws_iam_user.alice', 'aws'), ...uses.map((address) => resource(address, 'aws.other')), ...(read ? [resource(identity.address, 'aws')] : [])] },
      },
    });
    const alice = (values: Record<string, unknown>, written: ReturnType<typeof extra>) => world(plan([{ address: 'aws_iam_user.alice', values }], written)).resources.find((found) => found.address === 'aws_iam_user.alice')!;
    const profile = { profile: { constant_value: 'other' } };
    const beside = alice({ name: 'alice' }, extra(profile, ['aws_s3_bucket.logs']));
    expect([beside.account, beside.besideOtherAccounts]).toEqual([undefined, true]);
    // Not beside an alias nothing uses (Terraform never configures it), nor one signing in alike.
    expect(alice({ name: 'alice' }, extra(profile, [])).besideOtherAccounts).toBeUndefined();
    expect(alice({ name: 'alice' }, extra({}, ['aws_s3_bucket.logs'])).besideOtherAccounts).toBeUndefined();
    // Nor where the plan tells her account: by her configuration's caller identity, or by her own ARN.
    const read = alice({ name: 'alice' }, extra(profile, ['aws_s3_bucket.logs'], true));
    expect([read.account, read.besideOtherAccounts]).toEqual([ACCOUNT, undefined]);
    // (Other locked to another account: the plan does not deploy to one account alone.)
    const locked = { ...profile, allowed_account_ids: { constant_value: ['308412956170'] } };
    const named = alice({ name: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, extra(locked, ['aws_s3_bucket.logs']));
    expect([named.account, named.besideOtherAccounts]).toEqual([ACCOUNT, undefined]);
    expect(alice({ name: 'alice' }, extra(locked, ['aws_s3_bucket.logs'])).besideOtherAccounts).toBe(true);
  });

  it("names the owner's account in messages by the id the plan writes, and no data source where its account is not known", async () => {
    const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/*` } } }] });
    const identity = { prior_state: { values: { root_module: { resources: [{ address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } }] } } } };
    const message = async (extra: Record<string, unknown>): Promise<string | undefined> => {
      const directory = folder({ 'plan.json': JSON.stringify(plan([{ address: 'aws_iam_role.r', values: { name: 'r', assume_role_policy: trust } }], extra)) });
      return (await scan([join(directory, 'plan.json')])).findings.find((finding) => finding.ruleId === 'policy-wildcard-in-equals-operator')?.message;
    };
    for (const extra of [identity, {}]) {
      expect(await message(extra)).toContain(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/*`);
      expect(await message(extra)).not.toContain('aws_caller_identity');
    }
  });

  it("names the owner's account in a fix's description by the id the plan writes", async () => {
    const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com', AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    // The caller identity tells the account: the plan's values hold it as the owner's.
    const identity = { prior_state: { values: { root_module: { resources: [{ address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } }] } } } };
    const directory = folder({ 'plan.json': JSON.stringify(plan([{ address: 'aws_iam_role.r', values: { name: 'r', assume_role_policy: trust } }], identity)) });
    const fix = (await scan([join(directory, 'plan.json')])).findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix?.description;
    expect(fix).toContain(`also trusts arn:aws:iam::${ACCOUNT}:root`);
    expect(fix).not.toContain('AWS::');
  });

  it('reads of two roles of one name in one module, a provider configuration each, the one in the account an ARN names', () => {
    const prod = '222222222222';
    const configuration = {
      provider_config: Object.fromEntries(
        [['aws.dev', ACCOUNT], ['aws.prod', prod]].map(([key, account]) => [key, { name: 'aws', alias: key!.slice(4), expressions: { allowed_account_ids: { constant_value: [account] } } }]),
      ),
      root_module: {
        resources: [
          { address: 'aws_iam_role.ml_dev', provider_config_key: 'aws.dev', expressions: {} },
          { address: 'aws_iam_role.ml_prod', provider_config_key: 'aws.prod', expressions: {} },
          { address: 'aws_sagemaker_notebook_instance.nb', provider_config_key: 'aws.prod', expressions: {} },
          { address: 'aws_iam_role_policy_attachment.a', provider_config_key: 'aws.dev', expressions: {} },
        ],
      },
    };
    const roles = [
      { address: 'aws_iam_role.ml_dev', values: { name: 'ml', assume_role_policy: sagemakerTrust } },
      { address: 'aws_iam_role.ml_prod', values: { name: 'ml', assume_role_policy: lambdaTrust } },
    ];
    const notebook = (account: string) => ({ address: 'aws_sagemaker_notebook_instance.nb', values: { name: 'nb', instance_type: 'ml.t3.medium', role_arn: `arn:aws:iam::${account}:role/ml` } });
    const usesRole = (parsed: ParsedWorld) => parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => edge.to);
    expect(usesRole(world(plan([...roles, notebook(prod)], { configuration })))).toEqual(['aws_iam_role.ml_prod']);
    expect(usesRole(world(plan([...roles, notebook(ACCOUNT)], { configuration })))).toEqual(['aws_iam_role.ml_dev']);
    // A name given to IAM is the role of that name in the account of the resource giving it.
    const attachment = { address: 'aws_iam_role_policy_attachment.a', values: { role: 'ml', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } };
    expect(world(plan([...roles, attachment], { configuration })).managedPolicyArns.map(({ principal }) => principal)).toEqual(['aws_iam_role.ml_dev']);
  });

  it('reads the values of a resource of a type no rule reads when they are asked for, as any other, once', () => {
    const parsed = world({
      ...plan([
        { address: 'aws_iam_role.r', values: { name: 'r' }, unknown: { arn: true } },
        { address: 'aws_s3_bucket.b', values: { bucket: `logs-${ACCOUNT}`, tags: { team: 'ml' } }, unknown: { arn: true, tags: { owner: true } }, sensitive: { tags: { team: true } } },
      ]),
      prior_state: { values: { root_module: { resources: [{ address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } }] } } },
    });
    const bucket = resource(parsed, 'aws_s3_bucket.b');
    expect(bucket.properties).toEqual({
      bucket: `logs-${OWNER_ACCOUNT}`,
      arn: new Unresolved('known after apply'),
      tags: { team: 'ml', owner: new Unresolved('known after apply') },
    });
    expect(bucket.properties).toBe(bucket.properties);
  });

  it("reads where a resource is created: its own region, else its provider configuration's, and nothing the plan does not fix", () => {
    const config = (address: string, key: string) => ({ address: address.replace(/^module\.\w+\./, ''), mode: 'managed', type: parseAddress(address)!.type, name: parseAddress(address)!.name, provider_config_key: key, expressions: {} });
    const parsed = world({
      ...plan([
        { address: 'aws_sagemaker_model.constant', values: { name: 'a' } },
        { address: 'aws_sagemaker_model.variable', values: { name: 'b' } },
        { address: 'aws_sagemaker_model.own', values: { name: 'c', region: 'eu-west-1' } },
        { address: 'aws_sagemaker_model.own_unknown', values: { name: 'd' }, unknown: { region: true } },
        { address: 'aws_sagemaker_model.ambient', values: { name: 'e' } },
        { address: 'aws_sagemaker_model.computed', values: { name: 'f' } },
        { address: 'aws_sagemaker_model.module_variable', values: { name: 'g' } },
        { address: 'module.legacy.aws_sagemaker_model.inherited', values: { name: 'h' } },
      ]),
      variables: { west: { value: 'us-west-2' }, prod: { value: true } },
      configuration: {
        provider_config: {
          aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } },
          'aws.west': { name: 'aws', alias: 'west', expressions: { region: { references: ['var.west'] } } },
          'aws.ambient': { name: 'aws', alias: 'ambient', expressions: { profile: { constant_value: 'ml' } } },
          // region = var.prod ? "us-east-1" : "us-west-2": the variable is no region, and the result is not known here.
          'aws.computed': { name: 'aws', alias: 'computed', expressions: { region: { references: ['var.prod'] } } },
          'module.inner:aws': { name: 'aws', module_address: 'module.inner', expressions: { region: { references: ['var.west'] } } },
        },
        root_module: {
          resources: [
            config('aws_sagemaker_model.constant', 'aws'),
            config('aws_sagemaker_model.variable', 'aws.west'),
            config('aws_sagemaker_model.own', 'aws'),
            config('aws_sagemaker_model.own_unknown', 'aws'),
            config('aws_sagemaker_model.ambient', 'aws.ambient'),
            config('aws_sagemaker_model.computed', 'aws.computed'),
            config('aws_sagemaker_model.module_variable', 'module.inner:aws'),
          ],
          // Terraform before 1.1 keys a module's resources by the module's own name for the configuration, which a call may pass in.
          module_calls: { legacy: { source: './legacy', module: { resources: [config('module.legacy.aws_sagemaker_model.inherited', 'module.legacy:aws')] } } },
        },
      },
    });
    const regions = Object.fromEntries(parsed.resources.map((found) => [found.address, found.region]));
    expect(regions).toEqual({
      'aws_sagemaker_model.constant': 'us-east-1',
      'aws_sagemaker_model.variable': 'us-west-2',
      'aws_sagemaker_model.own': 'eu-west-1',
      'aws_sagemaker_model.own_unknown': undefined,
      'aws_sagemaker_model.ambient': undefined,
      'aws_sagemaker_model.computed': undefined,
      'aws_sagemaker_model.module_variable': undefined,
      'module.legacy.aws_sagemaker_model.inherited': undefined,
    });
  });

  it('reads the region of a module of a plan before Terraform 1.1 from the root configuration, where that is the only one', () => {
    // Terraform 0.15 keys the module's resources by its own name for the configuration, and lists no configuration under it.
    const regionOfLegacyModel = (providerConfig: Record<string, unknown>) =>
      resource(
        world({
          ...plan([{ address: 'module.legacy.aws_sagemaker_model.inherited', values: { name: 'h' } }]),
          configuration: {
            provider_config: providerConfig,
            root_module: { module_calls: { legacy: { source: './legacy', module: { resources: [{ address: 'aws_sagemaker_model.inherited', mode: 'managed', type: 'aws_sagemaker_model', name: 'inherited', provider_config_key: 'legacy:aws', expressions: {} }] } } } },
          },
        }),
        'module.legacy.aws_sagemaker_model.inherited',
      ).region;
    const aws = { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } };
    expect(regionOfLegacyModel({ aws })).toBe('us-east-1');
    expect(regionOfLegacyModel({ aws, 'aws.west': { name: 'aws', alias: 'west', expressions: { region: { constant_value: 'us-west-2' } } } })).toBeUndefined();
    expect(regionOfLegacyModel({ aws, 'legacy:aws': { name: 'aws', module_address: 'module.legacy', expressions: { region: { constant_value: 'us-west-2' } } } })).toBe('us-west-2');
  });

  it('rewrites a text by where it stands, also when the same text stands in a policy and elsewhere', () => {
    const text = `{"Account": "${ACCOUNT}", "Count": ${ACCOUNT}}`;
    const parsed = world({
      ...plan([
        { address: 'aws_iam_role.a', values: { assume_role_policy: text, description: text } },
        { address: 'aws_iam_role.b', values: { description: text, assume_role_policy: text } },
      ]),
      prior_state: { values: { root_module: { resources: [{ address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } }] } } },
    });
    for (const address of ['aws_iam_role.a', 'aws_iam_role.b']) {
      const role = resource(parsed, address).properties as Record<string, string>;
      expect(JSON.parse(role.assume_role_policy!)).toEqual({ Account: OWNER_ACCOUNT, Count: Number(ACCOUNT) });
      expect(role.description).toBe(`{"Account": "${OWNER_ACCOUNT}", "Count": ${OWNER_ACCOUNT}}`);
    }
  });
});

describe('reference markers', () => {
  it('reads a value made of one reference marker alone as tokenize reads it, and nothing else', () => {
    const reference = refMarker('module.a["k:1"].aws_iam_role.r', 'arn');
    for (const text of [reference, `${reference}x`, `x${reference}`, `${reference}${reference}`, OWNER_ACCOUNT, reference.slice(0, -1), 'plain']) {
      const tokens = tokenize(text);
      const alone = tokens.length === 1 && 'kind' in tokens[0]! && tokens[0].kind === 'ref' ? tokens[0].payload : undefined;
      expect(loneReferencePayload(text), JSON.stringify(text)).toBe(alone);
    }
  });
});

describe('module instances', () => {
  it("links each instance's resources to its own instance's resources", () => {
    const team = (key: string): Spec[] => [
      { address: `module.team["${key}"].aws_iam_role.exec`, values: { name: `${key}-exec`, assume_role_policy: sagemakerTrust } },
      { address: `module.team["${key}"].aws_sagemaker_notebook_instance.nb`, values: { name: `${key}-nb` }, unknown: { role_arn: true } },
    ];
    const configuration = {
      root_module: {
        module_calls: {
          team: { source: './team', module: { resources: [{ address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } }] } },
        },
      },
    };
    const parsed = world(plan([...team('a'), ...team('b')], { configuration }));
    expect(parsed.edges.map((edge) => [edge.from, edge.to])).toEqual([
      ['module.team["a"].aws_sagemaker_notebook_instance.nb', 'module.team["a"].aws_iam_role.exec'],
      ['module.team["b"].aws_sagemaker_notebook_instance.nb', 'module.team["b"].aws_iam_role.exec'],
    ]);
  });

  it('reads each resource with its own configuration where an instance lists another resource at the place of the previous instance', () => {
    const team = (key: string, notebook: string): Spec[] => [
      { address: `module.team["${key}"].aws_iam_role.exec`, values: { name: `${key}-exec`, assume_role_policy: sagemakerTrust } },
      { address: `module.team["${key}"].aws_iam_role.other`, values: { name: `${key}-other`, assume_role_policy: sagemakerTrust } },
      { address: `module.team["${key}"].aws_sagemaker_notebook_instance.${notebook}`, values: { name: `${key}-nb` }, unknown: { role_arn: true } },
    ];
    const notebook = (name: string, role: string) => ({ address: `aws_sagemaker_notebook_instance.${name}`, expressions: { role_arn: { references: [`aws_iam_role.${role}.arn`, `aws_iam_role.${role}`] } } });
    const configuration = { root_module: { module_calls: { team: { source: './team', module: { resources: [notebook('nb', 'exec'), notebook('nb2', 'other')] } } } } };
    const parsed = world(plan([...team('a', 'nb'), ...team('b', 'nb2'), ...team('c', 'nb')], { configuration }));
    expect(usesRole(parsed)).toEqual({
      'module.team["a"].aws_sagemaker_notebook_instance.nb': 'module.team["a"].aws_iam_role.exec',
      'module.team["b"].aws_sagemaker_notebook_instance.nb2': 'module.team["b"].aws_iam_role.other',
      'module.team["c"].aws_sagemaker_notebook_instance.nb': 'module.team["c"].aws_iam_role.exec',
    });
  });

  it("links instances keyed by the deploying account: the owner's account symbol is for values, not for addresses", () => {
    const accountKeyed: Spec[] = [
      { address: `module.team["${ACCOUNT}"].aws_iam_role.exec`, values: { name: 'exec', assume_role_policy: sagemakerTrust } },
      { address: `module.team["${ACCOUNT}"].aws_sagemaker_notebook_instance.nb`, values: { name: 'nb' }, unknown: { role_arn: true } },
      { address: 'data.aws_caller_identity.current', values: { account_id: ACCOUNT }, actions: ['read'] },
    ];
    const configuration = {
      root_module: {
        module_calls: {
          team: { source: './team', module: { resources: [{ address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } }] } },
        },
      },
    };
    const parsed = world(plan(accountKeyed, { configuration }));
    expect(parsed.edges.map((edge) => [edge.from, edge.to])).toEqual([[`module.team["${ACCOUNT}"].aws_sagemaker_notebook_instance.nb`, `module.team["${ACCOUNT}"].aws_iam_role.exec`]]);
    expect((resource(parsed, `module.team["${ACCOUNT}"].aws_sagemaker_notebook_instance.nb`).properties as Record<string, unknown>).role_arn).toBe(refMarker(`module.team["${ACCOUNT}"].aws_iam_role.exec`, 'arn'));
  });
});

describe('edges from configuration references', () => {
  it('resolves each expression to its own list of targets, naming the attribute once a later reference gives it', () => {
    const configuration = new PlanConfiguration({ root_module: { resources: [] } });
    const index = indexInstances(['aws_iam_role.a', 'aws_iam_role.b'].map((address) => {
      const parsed = parseAddress(address)!;
      return { address, parsed, configAddress: configAddress(parsed) };
    }));
    const none = configuration.resolve(['aws_iam_role.missing'], [], undefined, index);
    expect(none).toEqual([]);
    const both = configuration.resolve(['aws_iam_role.a', 'aws_iam_role.b', 'aws_iam_role.a.arn'], [], undefined, index);
    expect(both).toEqual([{ address: 'aws_iam_role.a', attribute: 'arn' }, { address: 'aws_iam_role.b' }]);
    expect(configuration.resolve(['aws_iam_role.b.name'], [], undefined, index)).toEqual([{ address: 'aws_iam_role.b', attribute: 'name' }]);
    expect(configuration.resolve(['var.x', 'local.y'], [], undefined, index)).toEqual([]);
    expect(none).toEqual([]);
  });

  it('indexes the instances of a resource by module instance, one, two or three of them, in the order planned', () => {
    const addresses = ['aws_iam_role.one', 'aws_iam_role.two[0]', 'aws_iam_role.three["a"]', 'aws_iam_role.two[1]', 'aws_iam_role.three["b"]', 'aws_iam_role.three["c"]', 'module.m.aws_iam_role.one'];
    const index = indexInstances(addresses.map((address) => {
      const parsed = parseAddress(address)!;
      return { address, parsed, configAddress: configAddress(parsed) };
    }));
    const root = index.resources.get('');
    expect(instancesIn(root, 'aws_iam_role.one')).toEqual(['aws_iam_role.one']);
    expect(instancesIn(root, 'aws_iam_role.two')).toEqual(['aws_iam_role.two[0]', 'aws_iam_role.two[1]']);
    expect(instancesIn(root, 'aws_iam_role.three')).toEqual(['aws_iam_role.three["a"]', 'aws_iam_role.three["b"]', 'aws_iam_role.three["c"]']);
    expect(instancesIn(root, 'aws_iam_role.missing')).toBeUndefined();
    expect(instancesIn(index.resources.get('module.m.'), 'aws_iam_role.one')).toEqual(['module.m.aws_iam_role.one']);
    expect(instancesIn(index.resources.get('module.other.'), 'aws_iam_role.one')).toBeUndefined();
  });

  describe('accountedTargets: a list of references read once, shared by the instances of its module', () => {
    const teamResources = ['aws_iam_role.exec', 'aws_iam_role.keyed["a"]', 'aws_iam_role.keyed["b"]', 'aws_iam_role.counted[0]', 'aws_iam_role.counted[1]'];
    const moduleResources = [{ address: 'aws_iam_role.exec' }, { address: 'aws_iam_role.keyed' }, { address: 'aws_iam_role.counted' }, { address: 'aws_iam_role.planned_none' }];
    const configuration = new PlanConfiguration({
      root_module: {
        resources: [],
        module_calls: {
          team: { source: './team', for_each_expression: { references: ['local.teams'] }, module: { resources: moduleResources } },
          counted: { source: './team', count_expression: { constant_value: 2 }, module: { resources: moduleResources } },
          other: { source: './other', module: { resources: [{ address: 'aws_iam_role.exec' }], outputs: { arn: { expression: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } } } },
        },
      },
    });
    const instances = [
      ['team', '"a"'],
      ['team', '"q\\"uoted"'],
      ['counted', '0'],
      ['counted', '1'],
    ] as const;
    const planned = [
      ...instances.flatMap(([call, key]) => teamResources.map((address) => `module.${call}[${key}].${address}`)),
      'module.other.aws_iam_role.exec',
    ].map((address) => {
      const parsed = parseAddress(address)!;
      return { address, parsed, configAddress: configAddress(parsed) };
    });
    const index = indexInstances(planned);
    const modulesOf = (call: string, key: string) => parseAddress(`module.${call}[${key}].aws_iam_role.exec`)!.modules;
    // One list for all instances, as the configuration holds it: the reading made for the first must not answer for the next.
    const lists: ReadonlyArray<readonly unknown[]> = [
      ['aws_iam_role.exec.arn', 'aws_iam_role.exec'],
      ['aws_iam_role.keyed', 'each.key'],
      ['aws_iam_role.keyed'],
      ['aws_iam_role.keyed["a"].arn', 'aws_iam_role.keyed["a"]'],
      ['aws_iam_role.counted', 'count.index'],
      ['aws_iam_role.counted[1].name', 'aws_iam_role.counted[1]'],
      ['aws_iam_role.keyed', 'aws_iam_role.keyed["a"].name', 'aws_iam_role.keyed.arn', 'each.key'],
      ['aws_iam_role.planned_none.arn', 'aws_iam_role.planned_none'],
      ['aws_iam_role.undeclared.arn'],
      ['aws_iam_role.exec.arn', 'local.role'],
      ['module.other.arn', 'module.other'],
      ['aws_iam_role.exec.name', 'path.module', 'aws_iam_role.exec', 'aws_iam_role.exec.arn'],
      ['aws_iam_role.counted[0].arn', 'count.index', 'aws_iam_role.counted[0]', 'aws_iam_role.counted', 'aws_iam_role.counted.name'],
    ];

    it('answers as accountsFor and resolve do, for every instance of every module that shares the list', () => {
      for (const references of lists) {
        for (const [call, key] of instances) {
          const modules = modulesOf(call, key);
          for (const selfKey of [undefined, key]) {
            const expected = configuration.accountsFor(references, modules, selfKey, index) ? configuration.resolve(references, modules, selfKey, index) : [];
            expect(configuration.accountedTargets(references, modules, selfKey, index), `${references.join(' ')} in module.${call}[${key}] as ${selfKey}`).toEqual(expected);
          }
        }
      }
    });

    it('finds each instance in its own module instance, quoted keys and counted calls alike', () => {
      const [direct] = lists;
      expect(configuration.accountedTargets(direct!, modulesOf('team', '"a"'), undefined, index)).toEqual([{ address: 'module.team["a"].aws_iam_role.exec', attribute: 'arn' }]);
      expect(configuration.accountedTargets(direct!, modulesOf('team', '"q\\"uoted"'), undefined, index)).toEqual([{ address: 'module.team["q\\"uoted"].aws_iam_role.exec', attribute: 'arn' }]);
      expect(configuration.accountedTargets(direct!, modulesOf('counted', '1'), undefined, index)).toEqual([{ address: 'module.counted[1].aws_iam_role.exec', attribute: 'arn' }]);
      // The instance's own key picks among the resource's instances, which differ by the module instance.
      expect(configuration.accountedTargets(lists[1]!, modulesOf('team', '"b"'), '"b"', index)).toEqual([]);
      expect(configuration.accountedTargets(lists[4]!, modulesOf('counted', '0'), '1', index)).toEqual([{ address: 'module.counted[0].aws_iam_role.counted[1]' }]);
      // A later reference with another attribute names the instance an earlier one read whole, not one read between them.
      expect(configuration.accountedTargets(lists[6]!, modulesOf('team', '"a"'), '"a"', index)).toEqual([{ address: 'module.team["a"].aws_iam_role.keyed["a"]', attribute: 'name' }]);
      // A resource the module declares but plans no instance of accounts for nothing to link; one it does not declare, and a local value, may be anything.
      expect(configuration.accountedTargets(lists[7]!, modulesOf('team', '"a"'), undefined, index)).toEqual([]);
      expect(configuration.accountsFor(lists[7]!, modulesOf('team', '"a"'), undefined, index)).toBe(true);
      expect(configuration.accountsFor(lists[8]!, modulesOf('team', '"a"'), undefined, index)).toBe(false);
      expect(configuration.accountedTargets(lists[9]!, modulesOf('team', '"a"'), undefined, index)).toEqual([]);
      // Another module call's resource, read through its output.
      expect(configuration.accountedTargets(lists[10]!, [], undefined, index)).toEqual([{ address: 'module.other.aws_iam_role.exec', attribute: 'arn' }]);
    });
  });

  const roles = [
    { address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: sagemakerTrust } },
    { address: 'aws_iam_role.per_team["a"]', values: { name: 'team-a', assume_role_policy: sagemakerTrust } },
    { address: 'aws_iam_role.per_team["b"]', values: { name: 'team-b', assume_role_policy: sagemakerTrust } },
  ];
  const notebook = (address: string): Spec => ({ address, values: { name: address }, unknown: { role_arn: true } });
  const configuration = {
    root_module: {
      resources: [
        { address: 'aws_sagemaker_notebook_instance.direct', expressions: { role_arn: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } },
        { address: 'aws_sagemaker_notebook_instance.keyed', expressions: { role_arn: { references: ['aws_iam_role.per_team', 'each.key'] } } },
        { address: 'aws_sagemaker_notebook_instance.ambiguous', expressions: { role_arn: { references: ['aws_iam_role.per_team'] } } },
        // aws_iam_role.per_team[each.value].arn: each.value is the key only when for_each is a set, which the plan does not show
        { address: 'aws_sagemaker_notebook_instance.by_value', expressions: { role_arn: { references: ['aws_iam_role.per_team', 'each.value'] } } },
        // aws_iam_role.per_team[each.value.team].arn (Terraform 1.11 lists both): the key is what each.value holds
        { address: 'aws_sagemaker_notebook_instance.by_value_attribute', expressions: { role_arn: { references: ['aws_iam_role.per_team', 'each.value.team', 'each.value'] } } },
        // aws_iam_role.per_team[var.notebook_role[each.key]].arn: the key is looked up in a variable
        { address: 'aws_sagemaker_notebook_instance.by_variable', expressions: { role_arn: { references: ['aws_iam_role.per_team', 'var.notebook_role', 'each.key'] } } },
        // aws_iam_role.per_team[each.key].arn with each.value.team read beside it, or the other way round
        { address: 'aws_sagemaker_notebook_instance.by_key_and_value', expressions: { role_arn: { references: ['aws_iam_role.per_team', 'each.value.team', 'each.value', 'each.key'] } } },
        { address: 'aws_sagemaker_notebook_instance.indexed', expressions: { role_arn: { references: ['aws_iam_role.per_team["b"].arn', 'aws_iam_role.per_team["b"]', 'aws_iam_role.per_team'] } } },
        { address: 'aws_sagemaker_notebook_instance.from_module', expressions: { role_arn: { references: ['module.roles.exec_arn', 'module.roles'] } } },
        { address: 'aws_sagemaker_notebook_instance.policy_attribute', expressions: { role_arn: { references: ['aws_iam_role.exec.assume_role_policy', 'aws_iam_role.exec'] } } },
        { address: 'aws_sagemaker_notebook_instance.variable', expressions: { role_arn: { references: ['var.role_arn'] } } },
        // coalesce(local.shared_role, aws_iam_role.exec.arn): the local may be another role
        { address: 'aws_sagemaker_notebook_instance.with_local', expressions: { role_arn: { references: ['local.shared_role', 'aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } },
      ],
      module_calls: {
        roles: { source: './roles', module: { resources: [], outputs: { exec_arn: { expression: { references: ['aws_iam_role.inner.arn', 'aws_iam_role.inner'] } } } } },
        notebooks: {
          source: './notebooks',
          expressions: { role: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } },
          module: { resources: [{ address: 'aws_sagemaker_notebook_instance.this', expressions: { role_arn: { references: ['var.role'] } } }] },
        },
      },
    },
  };
  const parsed = world(
    plan(
      [
        ...roles,
        { address: 'module.roles.aws_iam_role.inner', values: { name: 'inner', assume_role_policy: lambdaTrust } },
        ...['direct', 'keyed["a"]', 'ambiguous', 'by_value["a"]', 'by_value_attribute["a"]', 'by_key_and_value["a"]', 'by_variable["a"]', 'indexed', 'from_module', 'policy_attribute', 'variable', 'with_local'].map((name) => notebook(`aws_sagemaker_notebook_instance.${name}`)),
        notebook('module.notebooks.aws_sagemaker_notebook_instance.this'),
      ],
      { configuration },
    ),
  );
  const target = (from: string) => parsed.edges.filter((edge) => edge.from === from && edge.kind === 'uses-role').map((edge) => edge.to);

  it('turns an unknown role attribute into an edge to the referenced role', () => {
    expect(target('aws_sagemaker_notebook_instance.direct')).toEqual(['aws_iam_role.exec']);
    expect(target('aws_sagemaker_notebook_instance.indexed')).toEqual(['aws_iam_role.per_team["b"]']);
    expect(parsed.edges.find((edge) => edge.from === 'aws_sagemaker_notebook_instance.direct')!.via).toEqual(['role_arn']);
  });

  it("links a list's open elements where the references say which resource each is, and none of a choice between lists", () => {
    const policies = ['admin', 'read', 'audit'].map((name) => ({ address: `aws_iam_policy.${name}`, values: { name, policy: '{"Statement":[]}' }, unknown: { arn: true } }));
    const role = (name: string, managed: unknown, unknownMark: unknown): Spec => ({ address: `aws_iam_role.${name}`, values: { name, assume_role_policy: sagemakerTrust, ...(managed === undefined ? {} : { managed_policy_arns: managed }) }, unknown: { managed_policy_arns: unknownMark } });
    const references = (...names: string[]) => ({ references: names.flatMap((name) => [`aws_iam_policy.${name}.arn`, `aws_iam_policy.${name}`]) });
    const expressions: Record<string, unknown> = {
      // ["arn:aws:iam::aws:policy/ReadOnlyAccess", aws_iam_policy.admin.arn]
      partial: references('admin'),
      // [aws_iam_policy.admin.arn, aws_iam_policy.read.arn], its elements open one by one
      pair: references('admin', 'read'),
      // var.full ? [aws_iam_policy.admin.arn] : [aws_iam_policy.read.arn]: one element, two candidates
      choice: references('admin', 'read'),
      // a set with an open element is unknown as a whole: how many resources it holds is not shown
      whole_one: references('audit'),
      whole_two: references('admin', 'read'),
      // [local.logging_arn, var.admin ? aws_iam_policy.admin.arn : aws_iam_policy.read.arn]: the local may be either
      with_local: { references: ['local.logging_arn', 'var.admin', ...references('admin', 'read').references] },
      // coalesce(var.extra, aws_iam_policy.audit.arn): a root variable's value is known when the plan is made
      with_variable: { references: ['var.extra', ...references('audit').references] },
    };
    const parsed = world(plan([
      ...policies,
      role('partial', ['arn:aws:iam::aws:policy/ReadOnlyAccess', null], [false, true]),
      role('pair', [null, null], [true, true]),
      role('choice', [null], [true]),
      role('whole_one', undefined, true),
      role('whole_two', undefined, true),
      role('with_local', [null, null], [true, true]),
      role('with_variable', undefined, true),
    ], { configuration: { root_module: { resources: Object.entries(expressions).map(([name, expression]) => ({ address: `aws_iam_role.${name}`, expressions: { managed_policy_arns: expression } })) } } }));
    const attached = (name: string) => parsed.edges.filter((edge) => edge.to === `aws_iam_role.${name}` && edge.kind === 'attached-policy').map((edge) => [edge.from, edge.via]);
    expect(attached('partial')).toEqual([['aws_iam_policy.admin', ['managed_policy_arns', 1]]]);
    expect(attached('pair')).toEqual([['aws_iam_policy.admin', ['managed_policy_arns', 0]], ['aws_iam_policy.read', ['managed_policy_arns', 1]]]);
    expect(attached('choice')).toEqual([]);
    expect(attached('whole_one')).toEqual([['aws_iam_policy.audit', ['managed_policy_arns', 0]]]);
    expect(attached('whole_two')).toEqual([]);
    expect(attached('with_local')).toEqual([]);
    expect(attached('with_variable')).toEqual([['aws_iam_policy.audit', ['managed_policy_arns', 0]]]);
    expect(parsed.managedPolicyArns.map((arn) => [arn.principal, arn.arn])).toEqual([['aws_iam_role.partial', 'arn:aws:iam::aws:policy/ReadOnlyAccess']]);
  });

  it('links an open value without the .tf only where the configuration writes an expression for its attribute, whatever else the resource holds', () => {
    const references = (address: string) => ({ references: [`${address}.arn`, address] });
    const configuration = {
      root_module: {
        resources: [
          { address: 'aws_iam_role.listed', expressions: { managed_policy_arns: { references: ['aws_iam_policy.p.arn', 'aws_iam_policy.p'] } } },
          // Only the other attribute of the attachment is written as an expression.
          { address: 'aws_iam_role_policy_attachment.policy_only', expressions: { policy_arn: references('aws_iam_policy.p') } },
          { address: 'aws_iam_role_policy_attachment.both', expressions: { policy_arn: references('aws_iam_policy.p'), role: { references: ['aws_iam_role.exec.name', 'aws_iam_role.exec'] } } },
          { address: 'aws_sagemaker_model.referred', expressions: { execution_role_arn: references('aws_iam_role.exec') } },
          // A sensitive value the plan hides is open as one known after apply is: linked where an expression lists its references.
          { address: 'aws_sagemaker_model.sensitive_referred', expressions: { execution_role_arn: references('aws_iam_role.exec') } },
        ],
      },
    };
    const parsed = world(
      plan(
        [
          { address: 'aws_iam_policy.p', values: { name: 'p', policy: '{"Statement":[]}' }, unknown: { arn: true } },
          { address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: sagemakerTrust }, unknown: { arn: true } },
          // managed_policy_arns open in both roles: only the first is written as an expression.
          { address: 'aws_iam_role.listed', values: { name: 'listed', assume_role_policy: sagemakerTrust }, unknown: { managed_policy_arns: true } },
          { address: 'aws_iam_role.unlisted', values: { name: 'unlisted', assume_role_policy: sagemakerTrust }, unknown: { managed_policy_arns: true } },
          { address: 'aws_iam_role_policy_attachment.policy_only', values: {}, unknown: { policy_arn: true, role: true } },
          { address: 'aws_iam_role_policy_attachment.both', values: {}, unknown: { policy_arn: true, role: true } },
          { address: 'aws_sagemaker_model.referred', values: { name: 'm' }, unknown: { execution_role_arn: true } },
          { address: 'aws_sagemaker_model.unreferred', values: { name: 'u' }, unknown: { execution_role_arn: true } },
          { address: 'aws_sagemaker_model.sensitive_referred', values: { name: 's' }, sensitive: { execution_role_arn: true } },
          { address: 'aws_sagemaker_model.sensitive_unreferred', values: { name: 't' }, sensitive: { execution_role_arn: true } },
        ],
        { configuration },
      ),
    );
    const open = new Unresolved('known after apply');
    const role = (address: string) => refMarker(address, 'arn');
    expect(resource(parsed, 'aws_iam_role.listed').properties.managed_policy_arns).toEqual([refMarker('aws_iam_policy.p', 'arn')]);
    expect(resource(parsed, 'aws_iam_role.unlisted').properties.managed_policy_arns).toEqual(open);
    expect(resource(parsed, 'aws_iam_role_policy_attachment.policy_only').properties).toEqual({ policy_arn: refMarker('aws_iam_policy.p', 'arn'), role: open });
    expect(resource(parsed, 'aws_iam_role_policy_attachment.both').properties).toEqual({ policy_arn: refMarker('aws_iam_policy.p', 'arn'), role: refMarker('aws_iam_role.exec', 'name') });
    expect(resource(parsed, 'aws_sagemaker_model.referred').properties.execution_role_arn).toBe(role('aws_iam_role.exec'));
    expect(resource(parsed, 'aws_sagemaker_model.unreferred').properties.execution_role_arn).toEqual(open);
    expect(resource(parsed, 'aws_sagemaker_model.sensitive_referred').properties.execution_role_arn).toBe(role('aws_iam_role.exec'));
    expect(resource(parsed, 'aws_sagemaker_model.sensitive_unreferred').properties.execution_role_arn).toEqual(new Unresolved('sensitive value'));
    const edges = parsed.edges.map(({ from, to, kind }) => `${from} ${kind} ${to}`);
    expect(edges).toEqual([
      'aws_iam_policy.p attached-policy aws_iam_role.listed',
      'aws_iam_policy.p attached-policy aws_iam_role.exec',
      'aws_sagemaker_model.referred uses-role aws_iam_role.exec',
      'aws_sagemaker_model.sensitive_referred uses-role aws_iam_role.exec',
    ]);
  });

  it("links each element of a list unknown as a whole where the .tf writes it as a tuple of references or a call the .tf scan evaluates, and none of a choice the deployment decides or an edited list", () => {
    const policies = ['admin', 'read'].map((name) => ({ address: `aws_iam_policy.${name}`, values: { name, policy: '{"Statement":[]}' }, unknown: { arn: true } }));
    const twice = (...names: string[]) => ({ references: names.flatMap((name) => [`aws_iam_policy.${name}.arn`, `aws_iam_policy.${name}`]) });
    const written: Record<string, { expression: string; listed: unknown }> = {
      tuple: { expression: '[aws_iam_policy.admin.arn, "${aws_iam_policy.read.arn}"]', listed: twice('admin', 'read') },
      // The same references for a choice between lists that reads nothing else.
      choice: { expression: 'length(aws_iam_policy.admin.arn) > 64 ? [aws_iam_policy.admin.arn] : [aws_iam_policy.read.arn]', listed: twice('admin', 'admin', 'read') },
      sliced: { expression: 'slice([aws_iam_policy.admin.arn, aws_iam_policy.read.arn], 1, 2)', listed: twice('admin', 'read') },
      // Edited since the plan: the configuration lists admin before read.
      edited: { expression: '[aws_iam_policy.read.arn, aws_iam_policy.admin.arn]', listed: twice('admin', 'read') },
    };
    const document = plan([...policies, ...Object.keys(written).map((name) => ({ address: `aws_iam_role.${name}`, values: { name, assume_role_policy: sagemakerTrust }, unknown: { managed_policy_arns: true } }))], {
      configuration: { root_module: { resources: Object.entries(written).map(([name, { listed }]) => ({ address: `aws_iam_role.${name}`, mode: 'managed', type: 'aws_iam_role', name, expressions: { managed_policy_arns: listed } })) } },
    });
    const directory = folder({
      'main.tf': [
        ...['admin', 'read'].map((name) => `resource "aws_iam_policy" "${name}" {\n  name = "${name}"\n}\n`),
        ...Object.entries(written).map(([name, { expression }]) => `resource "aws_iam_role" "${name}" {\n  managed_policy_arns = ${expression}\n}\n`),
      ].join('\n'),
    });
    const attached = (parsed: ParsedWorld, name: string) => parsed.edges.filter((edge) => edge.to === `aws_iam_role.${name}` && edge.kind === 'attached-policy').map((edge) => [edge.from, edge.via]);
    const beside = besideFolder(directory, document);
    expect(attached(beside, 'tuple')).toEqual([['aws_iam_policy.admin', ['managed_policy_arns', 0]], ['aws_iam_policy.read', ['managed_policy_arns', 1]]]);
    // slice() is evaluated as the .tf scan does: the list holds read alone.
    expect(attached(beside, 'sliced')).toEqual([['aws_iam_policy.read', ['managed_policy_arns', 0]]]);
    // A choice between lists whose condition is known only after apply (an ARN's length): the deployment decides it, and
    // it may go one way only (an ARN is never that long), so neither list is taken.
    expect(beside.edges.filter((edge) => edge.to === 'aws_iam_role.choice')).toEqual([]);
    expect(attached(beside, 'edited')).toEqual([]);
    // The plan alone lists the same references for each.
    const alone = world(document);
    for (const name of Object.keys(written)) expect(attached(alone, name), name).toEqual([]);
  });

  it("reads a role's copy of the policies other resources manage (the provider fills inline_policy and managed_policy_arns from AWS) from those resources only", () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const logs = 'arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess';
    const star = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const parsed = world(plan([
      {
        address: 'aws_iam_role.r',
        actions: ['no-op'],
        values: { name: 'r', assume_role_policy: sagemakerTrust, inline_policy: [{ name: 'managed-elsewhere', policy: star }, { name: 'own', policy: star }], managed_policy_arns: [admin, readOnly, logs] },
      },
      { address: 'aws_iam_role_policy.p', actions: ['no-op'], values: { name: 'managed-elsewhere', role: 'r', policy: star } },
      { address: 'aws_iam_policy_attachment.shared', actions: ['no-op'], values: { name: 'shared', roles: ['other', 'r'], policy_arn: readOnly } },
      // Deleted by this plan: the role's copy still shows it.
      { address: 'aws_iam_role_policy_attachment.admin', actions: ['delete'], before: { role: 'r', policy_arn: admin } },
    ]));
    expect(parsed.policies.filter((policy) => policy.resource === 'aws_iam_role.r').map((policy) => policy.path)).toEqual([['assume_role_policy'], ['inline_policy', 1, 'policy']]);
    expect(parsed.managedPolicyArns.map(({ principal, arn }) => [principal, arn])).toEqual([['aws_iam_role.r', logs], ['aws_iam_role.r', readOnly]]);
  });

  it("keeps a role's own policies: an attribute its configuration sets, a policy the plan forgets (it stays deployed), and one that a resource of another module manages for another role of the name", () => {
    const star = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const role = (address: string) => ({ address, actions: ['no-op'], values: { name: 'r', assume_role_policy: sagemakerTrust, inline_policy: [{ name: 'p', policy: star }] } });
    const inlinePolicies = (parsed: ParsedWorld, address: string) => parsed.policies.filter((policy) => policy.resource === address && policy.path[0] === 'inline_policy').length;
    // The role moves policy p into its own inline_policy block while the old aws_iam_role_policy.p goes.
    const configured = world(plan([role('aws_iam_role.r'), { address: 'aws_iam_role_policy.p', actions: ['delete'], before: { name: 'p', role: 'r', policy: star } }], {
      configuration: { root_module: { resources: [{ address: 'aws_iam_role.r', expressions: { name: { constant_value: 'r' }, inline_policy: [{ name: { constant_value: 'p' }, policy: {} }] } }] } },
    }));
    expect(inlinePolicies(configured, 'aws_iam_role.r')).toBe(1);
    // removed { from = aws_iam_role_policy.p; lifecycle { destroy = false } }
    const forgotten = world(plan([role('aws_iam_role.r'), { address: 'aws_iam_role_policy.p', actions: ['forget'], before: { name: 'p', role: 'r', policy: star } }], {
      prior_state: { format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_iam_role_policy.p', mode: 'managed', type: 'aws_iam_role_policy', name: 'p', values: { name: 'p', role: 'r', policy: star } }] } } },
    }));
    expect(inlinePolicies(forgotten, 'aws_iam_role.r')).toBe(1);
    // Two accounts, a module each, a role named r in both; module.b manages its role's p with a resource.
    const accounts = world(plan([role('module.a.aws_iam_role.r'), role('module.b.aws_iam_role.r'), { address: 'module.b.aws_iam_role_policy.p', actions: ['no-op'], values: { name: 'p', role: 'r', policy: star } }]));
    expect([inlinePolicies(accounts, 'module.a.aws_iam_role.r'), inlinePolicies(accounts, 'module.b.aws_iam_role.r')]).toEqual([1, 0]);
  });

  it("clears a role's copy for what the resource means by the role's name from its module, as the graph reads it: none where two roles of the module have the name, the one below where it is there", () => {
    const star = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const role = (address: string, copy: Record<string, unknown>) => ({ address, actions: ['no-op'], values: { name: 'ml-exec', assume_role_policy: sagemakerTrust, ...copy } });
    const inline = (parsed: ParsedWorld, address: string) => parsed.policies.filter((policy) => policy.resource === address && policy.path[0] === 'inline_policy').length;
    // Two providers (accounts) in the root module: which role aws_iam_role_policy.p is for is not known.
    const providers = world(plan([role('aws_iam_role.dev', { inline_policy: [{ name: 'p', policy: star }] }), role('aws_iam_role.prod', { inline_policy: [{ name: 'p', policy: star }] }), { address: 'aws_iam_role_policy.p', actions: ['no-op'], values: { name: 'p', role: 'ml-exec', policy: star } }]));
    expect([inline(providers, 'aws_iam_role.dev'), inline(providers, 'aws_iam_role.prod')]).toEqual([1, 1]);
    // module.acct["a"] attaches the policy to the role its module "role" declares; module.acct["b"] declares another.
    const nested = world(plan([
      role('module.acct["a"].module.role.aws_iam_role.r', { managed_policy_arns: [admin] }),
      role('module.acct["b"].module.role.aws_iam_role.r', { managed_policy_arns: [admin] }),
      { address: 'module.acct["a"].aws_iam_role_policy_attachment.admin', actions: ['delete'], before: { role: 'ml-exec', policy_arn: admin } },
    ]));
    expect(nested.managedPolicyArns.map(({ principal }) => principal)).toEqual(['module.acct["b"].module.role.aws_iam_role.r']);
  });

  it("clears a role's copy only for a resource of the role's provider configuration, where the resource is in the role's module", () => {
    const star = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const read = JSON.stringify({ Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const configured = (resources: Array<[string, string]>) => ({ configuration: { root_module: { resources: resources.map(([address, provider]) => ({ address, provider_config_key: provider, expressions: {} })) } } });
    const role = (address: string) => ({ address, actions: ['no-op'], values: { name: 'ml-exec', assume_role_policy: sagemakerTrust, inline_policy: [{ name: 'p', policy: star }] } });
    const inline = (parsed: ParsedWorld, address: string) => parsed.policies.filter((policy) => policy.resource === address && policy.path[0] === 'inline_policy').length;
    // The prod role's copy shows p, added outside Terraform; the dev account's p is another role's (not in this plan).
    const lone = world(plan([role('aws_iam_role.prod'), { address: 'aws_iam_role_policy.p', actions: ['no-op'], values: { name: 'p', role: 'ml-exec', policy: read } }], configured([['aws_iam_role.prod', 'aws.prod'], ['aws_iam_role_policy.p', 'aws.dev']])));
    expect(inline(lone, 'aws_iam_role.prod')).toBe(1);
    // Two accounts' roles of the name: the policy is the prod role's.
    const two = world(plan([role('aws_iam_role.prod'), role('aws_iam_role.dev'), { address: 'aws_iam_role_policy.p', actions: ['no-op'], values: { name: 'p', role: 'ml-exec', policy: star } }], configured([['aws_iam_role.prod', 'aws.prod'], ['aws_iam_role.dev', 'aws.dev'], ['aws_iam_role_policy.p', 'aws.prod']])));
    expect([inline(two, 'aws_iam_role.prod'), inline(two, 'aws_iam_role.dev')]).toEqual([0, 1]);
  });

  it("keeps the copy in an attribute the configuration sets to a value, and clears it where it sets it to null", () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const planned = (expression: Record<string, unknown>, variables: Record<string, unknown> = {}) =>
      world(plan([{ address: 'aws_iam_role.r', actions: ['no-op'], values: { name: 'r', assume_role_policy: sagemakerTrust, managed_policy_arns: [admin] } }, { address: 'aws_iam_role_policy_attachment.admin', actions: ['delete'], before: { role: 'r', policy_arn: admin } }], {
        variables,
        configuration: { root_module: { resources: [{ address: 'aws_iam_role.r', expressions: { managed_policy_arns: expression } }] } },
      }));
    expect(planned({ constant_value: [admin] }).managedPolicyArns).toHaveLength(1);
    expect(planned({ references: ['var.arns'] }, { arns: { value: [admin] } }).managedPolicyArns).toHaveLength(1);
    expect(planned({ references: ['var.arns'] }, { arns: { value: null } }).managedPolicyArns).toHaveLength(0);
    expect(planned({ constant_value: null }).managedPolicyArns).toHaveLength(0);
  });

  it('makes no edge when the expression also reads what may be another resource (a local value)', () => {
    expect(target('aws_sagemaker_notebook_instance.with_local')).toEqual([]);
  });

  it('links past a declared resource with no instance (count = 0), and not past an output built from a local value', () => {
    const parsed = world(plan([
      { address: 'aws_iam_role.given', values: { name: 'given', assume_role_policy: sagemakerTrust } },
      { address: 'module.roles.aws_iam_role.r', values: { name: 'r', assume_role_policy: sagemakerTrust } },
      notebook('aws_sagemaker_notebook_instance.own_or_given'),
      notebook('aws_sagemaker_notebook_instance.local_output'),
    ], { configuration: { root_module: {
      resources: [
        { address: 'aws_iam_role.given' },
        // var.create ? aws_iam_role.own[0].arn : aws_iam_role.given.arn, with own at count 0
        { address: 'aws_iam_role.own', count_expression: { references: ['var.create'] } },
        { address: 'aws_sagemaker_notebook_instance.own_or_given', expressions: { role_arn: { references: ['var.create', 'aws_iam_role.own[0].arn', 'aws_iam_role.own[0]', 'aws_iam_role.own', 'aws_iam_role.given.arn', 'aws_iam_role.given'] } } },
        { address: 'aws_sagemaker_notebook_instance.local_output', expressions: { role_arn: { references: ['module.roles.arn', 'module.roles'] } } },
      ],
      // output "arn" { value = coalesce(local.given, aws_iam_role.r.arn) }
      module_calls: { roles: { source: './roles', module: { resources: [{ address: 'aws_iam_role.r' }], outputs: { arn: { expression: { references: ['local.given', 'aws_iam_role.r.arn', 'aws_iam_role.r'] } } } } } },
    } } }));
    const used = (from: string) => parsed.edges.filter((edge) => edge.from === from && edge.kind === 'uses-role').map((edge) => edge.to);
    expect(used('aws_sagemaker_notebook_instance.own_or_given')).toEqual(['aws_iam_role.given']);
    expect(used('aws_sagemaker_notebook_instance.local_output')).toEqual([]);
  });

  it('picks the instance with the same key for each.key, and none when several could be meant', () => {
    expect(target('aws_sagemaker_notebook_instance.keyed["a"]')).toEqual(['aws_iam_role.per_team["a"]']);
    expect(target('aws_sagemaker_notebook_instance.ambiguous')).toEqual([]);
  });

  it('picks no instance by each.value or what it holds: the key it reads is not known (Terraform 1.11 lists each.value.team and each.value)', () => {
    expect(target('aws_sagemaker_notebook_instance.by_value["a"]')).toEqual([]);
    expect(target('aws_sagemaker_notebook_instance.by_value_attribute["a"]')).toEqual([]);
    expect(target('aws_sagemaker_notebook_instance.by_key_and_value["a"]')).toEqual([]);
  });

  it('picks no instance by the own key when a variable or local value is read beside it, which the key may be looked up in (Terraform 1.11 lists r, var.roles and each.key for r[var.roles[each.key]])', () => {
    expect(target('aws_sagemaker_notebook_instance.by_variable["a"]')).toEqual([]);
  });

  it('follows module outputs and module inputs', () => {
    expect(target('aws_sagemaker_notebook_instance.from_module')).toEqual(['module.roles.aws_iam_role.inner']);
    expect(target('module.notebooks.aws_sagemaker_notebook_instance.this')).toEqual(['aws_iam_role.exec']);
  });

  it("follows a module read with a key it computes (module.a[each.key].role_arn), whose output Terraform does not name, where every output of the instance leads to one resource", () => {
    // module "team" and module "mixed" are for_each over a and b; module "single" is called once.
    const teamOutputs = { role_arn: { expression: { references: ['aws_iam_role.this.arn', 'aws_iam_role.this'] } }, role_name: { expression: { references: ['aws_iam_role.this.name', 'aws_iam_role.this'] } }, region: { expression: { constant_value: 'us-east-1' } } };
    const mixedOutputs = { role_arn: { expression: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } }, other_arn: { expression: { references: ['aws_iam_role.other.arn', 'aws_iam_role.other'] } } };
    const localOutputs = { role_arn: { expression: { references: ['local.role_arn'] } } };
    const reads = (...references: string[]) => ({ role_arn: { references } });
    const parsed = world(plan([
      ...['"a"', '"b"'].flatMap((key) => [
        { address: `module.team[${key}].aws_iam_role.this`, values: { name: `team-${key}`, assume_role_policy: sagemakerTrust } },
        { address: `module.mixed[${key}].aws_iam_role.exec`, values: { name: `exec-${key}`, assume_role_policy: sagemakerTrust } },
        { address: `module.mixed[${key}].aws_iam_role.other`, values: { name: `other-${key}`, assume_role_policy: sagemakerTrust } },
        { address: `module.local[${key}].aws_iam_role.this`, values: { name: `local-${key}`, assume_role_policy: sagemakerTrust } },
        notebook(`aws_sagemaker_notebook_instance.by_key[${key}]`),
        notebook(`aws_sagemaker_notebook_instance.mixed[${key}]`),
        notebook(`aws_sagemaker_notebook_instance.local[${key}]`),
      ]),
      { address: 'module.single.aws_iam_role.exec', values: { name: 'single-exec', assume_role_policy: sagemakerTrust } },
      { address: 'module.single.aws_iam_role.other', values: { name: 'single-other', assume_role_policy: sagemakerTrust } },
      notebook('aws_sagemaker_notebook_instance.unkeyed'),
      notebook('aws_sagemaker_notebook_instance.literal_key'),
      notebook('aws_sagemaker_notebook_instance.named_output'),
    ], { configuration: { root_module: {
      resources: [
        { address: 'aws_sagemaker_notebook_instance.by_key', expressions: reads('module.team', 'each.key') },
        { address: 'aws_sagemaker_notebook_instance.mixed', expressions: reads('module.mixed', 'each.key') },
        { address: 'aws_sagemaker_notebook_instance.local', expressions: reads('module.local', 'each.key') },
        // module.team[var.which].role_arn: two instances, and nothing says which
        { address: 'aws_sagemaker_notebook_instance.unkeyed', expressions: reads('module.team', 'var.which') },
        { address: 'aws_sagemaker_notebook_instance.literal_key', expressions: reads('module.team["b"]') },
        // module.single.exec_arn: Terraform lists the module beside the output, which alone is read
        { address: 'aws_sagemaker_notebook_instance.named_output', expressions: reads('module.single.exec_arn', 'module.single') },
      ],
      module_calls: {
        team: { source: './team', module: { resources: [{ address: 'aws_iam_role.this' }], outputs: teamOutputs } },
        mixed: { source: './mixed', module: { resources: [{ address: 'aws_iam_role.exec' }, { address: 'aws_iam_role.other' }], outputs: mixedOutputs } },
        local: { source: './local', module: { resources: [{ address: 'aws_iam_role.this' }], outputs: localOutputs } },
        single: { source: './single', module: { resources: [{ address: 'aws_iam_role.exec' }, { address: 'aws_iam_role.other' }], outputs: { exec_arn: mixedOutputs.role_arn, other_arn: mixedOutputs.other_arn } } },
      },
    } } }));
    const used = (from: string) => parsed.edges.filter((edge) => edge.from === from && edge.kind === 'uses-role').map((edge) => edge.to);
    expect(used('aws_sagemaker_notebook_instance.by_key["a"]')).toEqual(['module.team["a"].aws_iam_role.this']);
    expect(used('aws_sagemaker_notebook_instance.by_key["b"]')).toEqual(['module.team["b"].aws_iam_role.this']);
    expect(used('aws_sagemaker_notebook_instance.literal_key')).toEqual(['module.team["b"].aws_iam_role.this']);
    expect(used('aws_sagemaker_notebook_instance.named_output')).toEqual(['module.single.aws_iam_role.exec']);
    // Two roles among the outputs, an output built from a local value, an instance not known: no edge.
    for (const none of ['mixed["a"]', 'local["b"]', 'unkeyed']) expect(used(`aws_sagemaker_notebook_instance.${none}`), none).toEqual([]);
  });

  it('reads each.value under a for_each over one resource or module call as its instance of the same key (Terraform 1.11 lists each.value.arn and each.value), and nothing else for each.value', () => {
    const roleOutputs = { role_arn: { expression: { references: ['aws_iam_role.this.arn', 'aws_iam_role.this'] } } };
    const readsValue = (attribute: string) => ({ role_arn: { references: [`each.value.${attribute}`, 'each.value'] } });
    const parsed = world(plan([
      ...['"a"', '"b"'].flatMap((key) => [
        { address: `aws_iam_role.per_team[${key}]`, values: { name: `team-${key}`, assume_role_policy: sagemakerTrust } },
        { address: `module.team[${key}].aws_iam_role.this`, values: { name: `module-${key}`, assume_role_policy: sagemakerTrust } },
        ...['over_roles', 'over_module', 'value_alone', 'beside_variable', 'other_keys'].map((name) => notebook(`aws_sagemaker_notebook_instance.${name}[${key}]`)),
      ]),
      { address: 'aws_iam_role.single', values: { name: 'single', assume_role_policy: sagemakerTrust } },
      notebook('aws_sagemaker_notebook_instance.over_attributes["arn"]'),
    ], { configuration: { root_module: {
      resources: [
        // for_each = aws_iam_role.per_team, role_arn = each.value.arn
        { address: 'aws_sagemaker_notebook_instance.over_roles', for_each_expression: { references: ['aws_iam_role.per_team'] }, expressions: readsValue('arn') },
        // for_each = module.team, role_arn = each.value.role_arn
        { address: 'aws_sagemaker_notebook_instance.over_module', for_each_expression: { references: ['module.team'] }, expressions: readsValue('role_arn') },
        // role_arn = each.value under for_each = { for k, r in aws_iam_role.per_team : k => ... }: the value may be anything built from the role
        { address: 'aws_sagemaker_notebook_instance.value_alone', for_each_expression: { references: ['aws_iam_role.per_team'] }, expressions: { role_arn: { references: ['each.value'] } } },
        // for_each = merge(aws_iam_role.per_team, var.extra): each.value may be the variable's
        { address: 'aws_sagemaker_notebook_instance.beside_variable', for_each_expression: { references: ['aws_iam_role.per_team', 'var.extra'] }, expressions: readsValue('arn') },
        // for_each = aws_iam_role.single: one instance, whose attributes are iterated
        { address: 'aws_sagemaker_notebook_instance.over_attributes', for_each_expression: { references: ['aws_iam_role.single'] }, expressions: readsValue('arn') },
        // for_each = aws_iam_role.per_team with each.value read nowhere, role_arn = aws_iam_role.per_team[each.value.name].arn
        { address: 'aws_sagemaker_notebook_instance.other_keys', for_each_expression: { references: ['aws_iam_role.per_team'] }, expressions: { role_arn: { references: ['aws_iam_role.per_team', 'each.value.name', 'each.value'] } } },
      ],
      module_calls: { team: { source: './team', module: { resources: [{ address: 'aws_iam_role.this' }], outputs: roleOutputs } } },
    } } }));
    const used = (from: string) => parsed.edges.filter((edge) => edge.from === from && edge.kind === 'uses-role').map((edge) => edge.to);
    expect(used('aws_sagemaker_notebook_instance.over_roles["a"]')).toEqual(['aws_iam_role.per_team["a"]']);
    expect(used('aws_sagemaker_notebook_instance.over_roles["b"]')).toEqual(['aws_iam_role.per_team["b"]']);
    expect(used('aws_sagemaker_notebook_instance.over_module["b"]')).toEqual(['module.team["b"].aws_iam_role.this']);
    for (const none of ['value_alone["a"]', 'beside_variable["a"]', 'other_keys["a"]', 'over_attributes["arn"]']) expect(used(`aws_sagemaker_notebook_instance.${none}`), none).toEqual([]);
  });

  it("reads each.value under a for_each over a map of one reference as that reference for every key, and not where the map reads several (Terraform 1.11 lists the map's references, each.value alone)", () => {
    const keys = ['"a"', '"b"'];
    const cases: Record<string, { forEach: string[]; roleArn: string[] }> = {
      // for_each = { a = aws_iam_role.single.arn, b = aws_iam_role.single.arn }, role_arn = each.value
      one_arn: { forEach: ['aws_iam_role.single.arn', 'aws_iam_role.single'], roleArn: ['each.value'] },
      // for_each = { a = { role = aws_iam_role.single.arn, size = "small" } }, role_arn = each.value.role
      in_object: { forEach: ['aws_iam_role.single.arn', 'aws_iam_role.single'], roleArn: ['each.value.role', 'each.value'] },
      // for_each = { a = aws_iam_role.per_team["a"].arn }
      one_instance: { forEach: ['aws_iam_role.per_team["a"].arn', 'aws_iam_role.per_team["a"]', 'aws_iam_role.per_team'], roleArn: ['each.value'] },
      // for_each = { a = aws_iam_role.per_team["a"].arn, b = aws_iam_role.single.arn }: which key holds which is not shown
      two_roles: { forEach: ['aws_iam_role.per_team["a"].arn', 'aws_iam_role.per_team["a"]', 'aws_iam_role.per_team', 'aws_iam_role.single.arn', 'aws_iam_role.single'], roleArn: ['each.value'] },
      // for_each = { a = aws_iam_role.single.arn, b = aws_iam_role.single.unique_id }
      two_attributes: { forEach: ['aws_iam_role.single.arn', 'aws_iam_role.single.unique_id', 'aws_iam_role.single'], roleArn: ['each.value'] },
      // for_each = merge({ a = aws_iam_role.single.arn }, var.extra)
      beside_variable: { forEach: ['aws_iam_role.single.arn', 'aws_iam_role.single', 'var.extra'], roleArn: ['each.value'] },
      // for_each = { a = aws_iam_role.per_team["a"] }, role_arn = each.value.arn: read into, not the instance's id
      whole_instance: { forEach: ['aws_iam_role.per_team["a"]', 'aws_iam_role.per_team'], roleArn: ['each.value.arn', 'each.value'] },
    };
    const parsed = world(plan([
      ...roles,
      { address: 'aws_iam_role.single', values: { name: 'single', assume_role_policy: sagemakerTrust } },
      ...Object.keys(cases).flatMap((name) => keys.map((key) => notebook(`aws_sagemaker_notebook_instance.${name}[${key}]`))),
    ], { configuration: { root_module: { resources: Object.entries(cases).map(([name, { forEach, roleArn }]) => ({ address: `aws_sagemaker_notebook_instance.${name}`, for_each_expression: { references: forEach }, expressions: { role_arn: { references: roleArn } } })) } } }));
    const used = (from: string) => parsed.edges.filter((edge) => edge.from === from && edge.kind === 'uses-role').map((edge) => edge.to);
    for (const key of keys) {
      expect(used(`aws_sagemaker_notebook_instance.one_arn[${key}]`)).toEqual(['aws_iam_role.single']);
      expect(used(`aws_sagemaker_notebook_instance.in_object[${key}]`)).toEqual(['aws_iam_role.single']);
      expect(used(`aws_sagemaker_notebook_instance.one_instance[${key}]`)).toEqual(['aws_iam_role.per_team["a"]']);
      for (const none of ['two_roles', 'two_attributes', 'beside_variable', 'whole_instance']) expect(used(`aws_sagemaker_notebook_instance.${none}[${key}]`), none).toEqual([]);
    }
  });

  it('reads each.value under a for_each over a map of several references as the .tf beside the plan writes the own key, where its keys are written out and it reads what the plan lists', () => {
    const forEach = { references: ['aws_iam_role.per_team["a"].arn', 'aws_iam_role.per_team["a"]', 'aws_iam_role.per_team', 'aws_iam_role.exec.arn', 'aws_iam_role.exec'] };
    const names = ['written', 'computed_key', 'edited'];
    const document = plan([...roles, ...names.flatMap((name) => ['"train"', '"infer"'].map((key) => notebook(`aws_sagemaker_notebook_instance.${name}[${key}]`)))], {
      configuration: { root_module: { resources: names.map((name) => ({ address: `aws_sagemaker_notebook_instance.${name}`, for_each_expression: forEach, expressions: { role_arn: { references: ['each.value'] } } })) } },
    });
    const notebookBlock = (name: string, forEachText: string) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  for_each = ${forEachText}\n  role_arn = each.value\n}\n`;
    const directory = folder({
      'main.tf': [
        notebookBlock('written', '{ train = aws_iam_role.per_team["a"].arn, "infer" = aws_iam_role.exec.arn }'),
        // A key computed may be any key: which value the own key holds is not known.
        notebookBlock('computed_key', '{ train = aws_iam_role.per_team["a"].arn, (var.infer) = aws_iam_role.exec.arn }'),
        // Edited since the plan: it no longer reads what the plan lists.
        notebookBlock('edited', '{ train = aws_iam_role.per_team["b"].arn, infer = aws_iam_role.exec.arn }'),
      ].join('\n'),
    });
    const text = JSON.stringify(document, null, 2);
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    const usedIn = (parsed: ParsedWorld) => Object.fromEntries(parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from, edge.to]));
    expect(usedIn(inFolder.worlds[0]!)).toEqual({ 'aws_sagemaker_notebook_instance.written["train"]': 'aws_iam_role.per_team["a"]', 'aws_sagemaker_notebook_instance.written["infer"]': 'aws_iam_role.exec' });
    expect(usedIn(world(document))).toEqual({});
  });

  it("reads each.value in a module call's inputs as it reads it in a resource's expressions, by the call's for_each (Terraform 1.11 lists the call's for_each_expression beside its expressions)", () => {
    const input = (references: string[]) => ({ role_arn: { references } });
    const call = (forEach: string[], roleArn: string[]) => ({ source: './notebook', for_each_expression: { references: forEach }, expressions: input(roleArn), module: { resources: [{ address: 'aws_sagemaker_notebook_instance.this', expressions: { role_arn: { references: ['var.role_arn'] } } }] } });
    const calls = {
      // for_each = aws_iam_role.per_team, role_arn = each.value.arn
      over_roles: call(['aws_iam_role.per_team'], ['each.value.arn', 'each.value']),
      // for_each = { a = aws_iam_role.exec.arn, b = aws_iam_role.exec.arn }, role_arn = each.value
      over_map: call(['aws_iam_role.exec.arn', 'aws_iam_role.exec'], ['each.value']),
      // for_each = { for k, r in aws_iam_role.per_team : k => r.arn }, role_arn = each.value: anything built from the roles
      value_alone: call(['aws_iam_role.per_team'], ['each.value']),
    };
    const parsed = world(plan([...roles, ...Object.keys(calls).flatMap((name) => ['"a"', '"b"'].map((key) => notebook(`module.${name}[${key}].aws_sagemaker_notebook_instance.this`)))], { configuration: { root_module: { module_calls: calls } } }));
    const used = (from: string) => parsed.edges.filter((edge) => edge.from === from && edge.kind === 'uses-role').map((edge) => edge.to);
    expect(used('module.over_roles["a"].aws_sagemaker_notebook_instance.this')).toEqual(['aws_iam_role.per_team["a"]']);
    expect(used('module.over_roles["b"].aws_sagemaker_notebook_instance.this')).toEqual(['aws_iam_role.per_team["b"]']);
    expect(used('module.over_map["b"].aws_sagemaker_notebook_instance.this')).toEqual(['aws_iam_role.exec']);
    expect(used('module.value_alone["a"].aws_sagemaker_notebook_instance.this')).toEqual([]);
  });

  it("reads each.value in a module call's inputs under a for_each over a map of several references as the .tf beside the plan writes the call's own key, as for a resource's for_each", () => {
    const forEach = { references: ['aws_iam_role.per_team["a"].arn', 'aws_iam_role.per_team["a"]', 'aws_iam_role.per_team', 'aws_iam_role.exec.arn', 'aws_iam_role.exec'] };
    const names = ['written', 'overridden', 'computed_key', 'edited'];
    const call = { source: './notebook', for_each_expression: forEach, expressions: { role_arn: { references: ['each.value'] } }, module: { resources: [{ address: 'aws_sagemaker_notebook_instance.this', expressions: { role_arn: { references: ['var.role_arn'] } } }] } };
    const document = plan([...roles, ...names.flatMap((name) => ['"train"', '"infer"'].map((key) => notebook(`module.${name}[${key}].aws_sagemaker_notebook_instance.this`)))], {
      configuration: { root_module: { module_calls: Object.fromEntries(names.map((name) => [name, call])) } },
    });
    const moduleBlock = (name: string, forEachText: string) => `module "${name}" {\n  source   = "./notebook"\n  for_each = ${forEachText}\n  role_arn = each.value\n}\n`;
    const planned = '{ train = aws_iam_role.per_team["a"].arn, "infer" = aws_iam_role.exec.arn }';
    const edited = '{ train = aws_iam_role.per_team["b"].arn, infer = aws_iam_role.exec.arn }';
    const directory = folder({
      'main.tf': [
        moduleBlock('written', planned),
        // An override file's for_each replaces this one, as Terraform merges a module block.
        moduleBlock('overridden', edited),
        // A key computed may be any key: which value the own key holds is not known.
        moduleBlock('computed_key', '{ train = aws_iam_role.per_team["a"].arn, (var.infer) = aws_iam_role.exec.arn }'),
        // Edited since the plan: it no longer reads what the plan lists.
        moduleBlock('edited', edited),
      ].join('\n'),
      'override.tf': `module "overridden" {\n  for_each = ${planned}\n}\n`,
      'notebook/main.tf': 'variable "role_arn" {}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  role_arn = var.role_arn\n}\n',
    });
    const text = JSON.stringify(document, null, 2);
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    const usedIn = (parsed: ParsedWorld) => Object.fromEntries(parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from, edge.to]));
    expect(usedIn(inFolder.worlds[0]!)).toEqual(Object.fromEntries(['written', 'overridden'].flatMap((name) => [
      [`module.${name}["train"].aws_sagemaker_notebook_instance.this`, 'aws_iam_role.per_team["a"]'],
      [`module.${name}["infer"].aws_sagemaker_notebook_instance.this`, 'aws_iam_role.exec'],
    ])));
    expect(usedIn(world(document))).toEqual({});
  });

  it("reads a read into each.value (each.value.role, each.value[\"role\"]) as the part of the own key's entry the .tf beside the plan writes, where the entry is an object of several references", () => {
    // Terraform 1.11.4 lists the read with each.value, and the map's references: each entry reads both roles.
    const team = ['aws_iam_role.per_team["a"].arn', 'aws_iam_role.per_team["a"]', 'aws_iam_role.per_team'];
    const exec = ['aws_iam_role.exec.arn', 'aws_iam_role.exec'];
    const inline = { references: [...team, ...exec, ...exec, ...team] };
    const readsRole = (read: string[]) => ({ role_arn: { references: read } });
    const resources: Record<string, { forEach: unknown; read: string[] }> = {
      by_attribute: { forEach: inline, read: ['each.value.role', 'each.value'] },
      by_index: { forEach: inline, read: ['each.value["role"]', 'each.value'] },
      by_local: { forEach: { references: ['local.notebooks'] }, read: ['each.value.role', 'each.value'] },
      // each.value is read whole too: it holds both roles.
      whole_too: { forEach: inline, read: ['each.value.role', 'each.value', 'each.value'] },
      computed_key: { forEach: inline, read: ['each.value.role', 'each.value'] },
    };
    const keys = ['"train"', '"infer"'];
    const document = plan([
      ...roles,
      ...keys.flatMap((key) => [...Object.keys(resources).map((name) => notebook(`aws_sagemaker_notebook_instance.${name}[${key}]`)), notebook(`module.nb[${key}].aws_sagemaker_notebook_instance.this`)]),
    ], { configuration: { root_module: {
      resources: Object.entries(resources).map(([name, { forEach, read }]) => ({ address: `aws_sagemaker_notebook_instance.${name}`, for_each_expression: forEach, expressions: readsRole(read) })),
      module_calls: { nb: { source: './notebook', for_each_expression: inline, expressions: readsRole(['each.value.role', 'each.value']), module: { resources: [{ address: 'aws_sagemaker_notebook_instance.this', expressions: { role_arn: { references: ['var.role_arn'] } } }] } } },
    } } });
    const map = '{\n    train = { role = aws_iam_role.per_team["a"].arn, other = aws_iam_role.exec.arn }\n    infer = { other = aws_iam_role.exec.arn, role = aws_iam_role.per_team["a"].arn }\n  }';
    const notebookBlock = (name: string, forEach: string, read: string) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  for_each = ${forEach}\n  role_arn = ${read}\n}\n`;
    const directory = folder({
      'main.tf': [
        `locals {\n  notebooks = ${map}\n}\n`,
        notebookBlock('by_attribute', map, 'each.value.role'),
        notebookBlock('by_index', map, 'each.value["role"]'),
        notebookBlock('by_local', 'local.notebooks', 'each.value.role'),
        notebookBlock('whole_too', map, 'coalesce(each.value.role, each.value)'),
        // A key computed may be the one read.
        notebookBlock('computed_key', map.replace('other =', '(var.other) ='), 'each.value.role'),
        `module "nb" {\n  source   = "./notebook"\n  for_each = ${map}\n  role_arn = each.value.role\n}\n`,
      ].join('\n'),
      'notebook/main.tf': 'variable "role_arn" {}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  role_arn = var.role_arn\n}\n',
    });
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), JSON.stringify(document, null, 2), { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    const usedIn = (parsed: ParsedWorld) => Object.fromEntries(parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from, edge.to]));
    const linked = ['aws_sagemaker_notebook_instance.by_attribute', 'aws_sagemaker_notebook_instance.by_index', 'aws_sagemaker_notebook_instance.by_local', 'module.nb'];
    expect(usedIn(inFolder.worlds[0]!)).toEqual(Object.fromEntries(linked.flatMap((name) => keys.map((key) => [name.startsWith('module.') ? `${name}[${key}].aws_sagemaker_notebook_instance.this` : `${name}[${key}]`, 'aws_iam_role.per_team["a"]']))));
    expect(usedIn(world(document))).toEqual({});
  });

  it('reads a for_each map and a pipeline definition that read one reference twice as the .tf beside the plan writes them: Terraform 1.11.4 lists a reference each time it is written', () => {
    const readA = ['aws_iam_role.per_team["a"].arn', 'aws_iam_role.per_team["a"]', 'aws_iam_role.per_team'];
    const readTwice = { references: [...readA, 'aws_iam_role.exec.arn', 'aws_iam_role.exec', ...readA] };
    const readsValue = { role_arn: { references: ['each.value'] } };
    const keys = ['"train"', '"infer"', '"tune"'];
    const document = plan([
      ...roles,
      ...keys.flatMap((key) => [notebook(`aws_sagemaker_notebook_instance.nb[${key}]`), notebook(`module.nb[${key}].aws_sagemaker_notebook_instance.this`)]),
      { address: 'aws_sagemaker_pipeline.p', values: { pipeline_name: 'p' }, unknown: { pipeline_definition: true } },
    ], { configuration: { root_module: {
      resources: [
        { address: 'aws_sagemaker_notebook_instance.nb', for_each_expression: readTwice, expressions: readsValue },
        { address: 'aws_sagemaker_pipeline.p', expressions: { pipeline_definition: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec', 'aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } },
      ],
      module_calls: { nb: { source: './notebook', for_each_expression: readTwice, expressions: readsValue, module: { resources: [{ address: 'aws_sagemaker_notebook_instance.this', expressions: { role_arn: { references: ['var.role_arn'] } } }] } } },
    } } });
    const map = '{ train = aws_iam_role.per_team["a"].arn, infer = aws_iam_role.exec.arn, tune = aws_iam_role.per_team["a"].arn }';
    const step = (name: string) => `{ Name = "${name}", Type = "Training", Arguments = { RoleArn = aws_iam_role.exec.arn } }`;
    const directory = folder({
      'main.tf': [
        `resource "aws_sagemaker_notebook_instance" "nb" {\n  for_each = ${map}\n  role_arn = each.value\n}\n`,
        `module "nb" {\n  source   = "./notebook"\n  for_each = ${map}\n  role_arn = each.value\n}\n`,
        `resource "aws_sagemaker_pipeline" "p" {\n  pipeline_name       = "p"\n  pipeline_definition = jsonencode({ Steps = [${step('A')}, ${step('B')}] })\n}\n`,
      ].join('\n'),
      'notebook/main.tf': 'variable "role_arn" {}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  role_arn = var.role_arn\n}\n',
    });
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), JSON.stringify(document, null, 2), { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    const usedIn = Object.fromEntries(inFolder.worlds[0]!.edges.filter((edge) => edge.kind === 'uses-role' && !edge.from.startsWith('aws_sagemaker_pipeline')).map((edge) => [edge.from, edge.to]));
    const byKey = { '"train"': 'aws_iam_role.per_team["a"]', '"infer"': 'aws_iam_role.exec', '"tune"': 'aws_iam_role.per_team["a"]' };
    expect(usedIn).toEqual(Object.fromEntries(Object.entries(byKey).flatMap(([key, role]) => [[`aws_sagemaker_notebook_instance.nb[${key}]`, role], [`module.nb[${key}].aws_sagemaker_notebook_instance.this`, role]])));
    const steps = (resource(inFolder.worlds[0]!, 'aws_sagemaker_pipeline.p').properties as Record<string, { Steps?: Array<{ Arguments: { RoleArn: unknown } }> }>).pipeline_definition!.Steps;
    expect(steps?.map((read) => read.Arguments.RoleArn)).toEqual([refMarker('aws_iam_role.exec', 'arn'), refMarker('aws_iam_role.exec', 'arn')]);
  });

  it('reads each.value under for_each = local.x as the .tf beside the plan writes the own key in the local value, for a resource and for a module call, where the local is written in the module that reads it', () => {
    // The plan lists the local alone: Terraform writes no locals in the configuration.
    const over = (local: string) => ({ references: [`local.${local}`] });
    const readsValue = { role_arn: { references: ['each.value'] } };
    const notebookModule = { resources: [{ address: 'aws_sagemaker_notebook_instance.this', expressions: { role_arn: { references: ['var.role_arn'] } } }] };
    const resources: Record<string, string> = { by_local: 'roles', chained: 'chained', computed_key: 'computed', edited: 'roles' };
    const calls: Record<string, string> = { nb: 'roles', elsewhere: 'notebook_roles' };
    const keys = ['"train"', '"infer"'];
    const document = plan([
      ...roles,
      // The team module's roles of the same names, which its local would read if it wrote one.
      ...roles.filter((role) => role.address !== 'aws_iam_role.per_team["b"]').map((role) => ({ ...role, address: `module.team.${role.address}` })),
      ...keys.flatMap((key) => [
        ...Object.keys(resources).map((name) => notebook(`aws_sagemaker_notebook_instance.${name}[${key}]`)),
        ...Object.keys(calls).map((name) => notebook(`module.${name}[${key}].aws_sagemaker_notebook_instance.this`)),
        notebook(`module.team.aws_sagemaker_notebook_instance.nb[${key}]`),
      ]),
    ], { configuration: { root_module: {
      resources: Object.entries(resources).map(([name, local]) => ({ address: `aws_sagemaker_notebook_instance.${name}`, for_each_expression: over(local), expressions: readsValue })),
      module_calls: {
        ...Object.fromEntries(Object.entries(calls).map(([name, local]) => [name, { source: './notebook', for_each_expression: over(local), expressions: readsValue, module: notebookModule }])),
        team: { source: './team', module: { resources: [{ address: 'aws_sagemaker_notebook_instance.nb', for_each_expression: over('roles'), expressions: readsValue }] } },
      },
    } } });
    const notebookBlock = (name: string, local: string) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  for_each = local.${local}\n  role_arn = each.value\n}\n`;
    const moduleBlock = (name: string, local: string) => `module "${name}" {\n  source   = "./notebook"\n  for_each = local.${local}\n  role_arn = each.value\n}\n`;
    const directory = folder({
      'main.tf': [
        'locals {\n  roles    = { train = aws_iam_role.per_team["a"].arn, "infer" = aws_iam_role.exec.arn }\n  chained  = local.roles\n  computed = { train = aws_iam_role.per_team["a"].arn, (var.infer) = aws_iam_role.exec.arn }\n  renamed  = local.roles\n}\n',
        notebookBlock('by_local', 'roles'),
        notebookBlock('chained', 'chained'),
        // A key computed may be any key: which value the own key holds is not known.
        notebookBlock('computed_key', 'computed'),
        // Edited since the plan: it no longer reads what the plan lists.
        notebookBlock('edited', 'renamed'),
        moduleBlock('nb', 'roles'),
        // The call's for_each reads a local of the calling module, which only the called module writes.
        moduleBlock('elsewhere', 'notebook_roles'),
        'module "team" {\n  source = "./team"\n}\n',
      ].join('\n'),
      'notebook/main.tf': 'variable "role_arn" {}\n\nlocals {\n  notebook_roles = { train = aws_iam_role.per_team["a"].arn, infer = aws_iam_role.exec.arn }\n}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  role_arn = var.role_arn\n}\n',
      // The root module's local is not the team module's, which writes none.
      'team/main.tf': notebookBlock('nb', 'roles'),
    });
    const text = JSON.stringify(document, null, 2);
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    const usedIn = (parsed: ParsedWorld) => Object.fromEntries(parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from, edge.to]));
    const linked = (train: string, infer: string) => [[train, 'aws_iam_role.per_team["a"]'], [infer, 'aws_iam_role.exec']];
    expect(usedIn(inFolder.worlds[0]!)).toEqual(Object.fromEntries([
      ...['by_local', 'chained'].flatMap((name) => linked(`aws_sagemaker_notebook_instance.${name}["train"]`, `aws_sagemaker_notebook_instance.${name}["infer"]`)),
      ...linked('module.nb["train"].aws_sagemaker_notebook_instance.this', 'module.nb["infer"].aws_sagemaker_notebook_instance.this'),
    ]));
    expect(usedIn(world(document))).toEqual({});
  });

  it("reads each.value under for_each = var.x in a called module as the call writes the own key's entry, and a read into a module input (var.cfg.role) as the part the call writes there, beside the .tf", () => {
    const notebooks = { resources: [{ address: 'aws_sagemaker_notebook_instance.this', for_each_expression: { references: ['var.roles'] }, expressions: { role_arn: { references: ['each.value'] } } }] };
    const configured = { resources: [{ address: 'aws_sagemaker_notebook_instance.this', expressions: { role_arn: { references: ['var.cfg.role', 'var.cfg'] } } }] };
    const both = ['aws_iam_role.per_team["a"].arn', 'aws_iam_role.per_team["a"]', 'aws_iam_role.per_team', 'aws_iam_role.exec.arn', 'aws_iam_role.exec'];
    const keys = ['"train"', '"infer"'];
    const document = plan([
      ...roles,
      ...['each', 'rekeyed'].flatMap((call) => keys.map((key) => notebook(`module.${call}.aws_sagemaker_notebook_instance.this[${key}]`))),
      ...['configured', 'whole'].map((call) => notebook(`module.${call}.aws_sagemaker_notebook_instance.this`)),
    ], { configuration: { root_module: { module_calls: {
      each: { source: './each', expressions: { roles: { references: both } }, module: notebooks },
      rekeyed: { source: './rekeyed', expressions: { roles: { references: both } }, module: notebooks },
      configured: { source: './configured', expressions: { cfg: { references: both } }, module: configured },
      whole: { source: './whole', expressions: { cfg: { references: both } }, module: configured },
    } } } });
    const roleMap = '{ train = aws_iam_role.per_team["a"].arn, infer = aws_iam_role.exec.arn }';
    const directory = folder({
      'main.tf': [
        `module "each" {\n  source = "./each"\n  roles  = ${roleMap}\n}\n`,
        `module "rekeyed" {\n  source = "./rekeyed"\n  roles  = ${roleMap}\n}\n`,
        'module "configured" {\n  source = "./configured"\n  cfg    = { role = aws_iam_role.per_team["a"].arn, other = aws_iam_role.exec.arn }\n}\n',
        // The input read into is itself a value passed on whole: what var.cfg.role reads is not written out.
        'module "whole" {\n  source = "./whole"\n  cfg    = { role = { for k, r in aws_iam_role.per_team : k => r.arn }, other = aws_iam_role.exec.arn }\n}\n',
      ].join('\n'),
      'each/main.tf': 'variable "roles" {}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  for_each = var.roles\n  role_arn = each.value\n}\n',
      // A for expression over the input, which the plan lists as it lists the input read whole, may key it otherwise.
      'rekeyed/main.tf': 'variable "roles" {}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  for_each = { for k, v in var.roles : (k == "train" ? "infer" : "train") => v }\n  role_arn = each.value\n}\n',
      'configured/main.tf': 'variable "cfg" {}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  role_arn = var.cfg.role\n}\n',
      'whole/main.tf': 'variable "cfg" {}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  role_arn = var.cfg.role\n}\n',
    });
    const text = JSON.stringify(document, null, 2);
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    expect(usesRole(besideFolder(directory, document))).toEqual({
      'module.each.aws_sagemaker_notebook_instance.this["train"]': 'aws_iam_role.per_team["a"]',
      'module.each.aws_sagemaker_notebook_instance.this["infer"]': 'aws_iam_role.exec',
      'module.configured.aws_sagemaker_notebook_instance.this': 'aws_iam_role.per_team["a"]',
    });
    // The plan alone lists both roles for every key and for the whole input.
    expect(usesRole(world(document))).toEqual({});
  });

  it('reads each.value under for_each = var.x in a called module as the own key where the module declares the variable with a set type, beside the .tf', () => {
    const module = (name: string) => ({
      source: `./${name}`,
      expressions: { names: { constant_value: ['train', 'infer'] } },
      module: { resources: [{ address: 'aws_sagemaker_notebook_instance.this', for_each_expression: { references: ['var.names'] }, expressions: { role_arn: { references: ['aws_iam_role.r', 'each.value'] } } }] },
    });
    const calls = ['typed', 'untyped', 'retyped', 'json_typed'];
    const document = plan(
      calls.flatMap((call) => ['"train"', '"infer"'].flatMap((key) => [
        { address: `module.${call}.aws_iam_role.r[${key}]`, values: { name: `${call}-${key}`, assume_role_policy: sagemakerTrust } },
        notebook(`module.${call}.aws_sagemaker_notebook_instance.this[${key}]`),
      ])),
      { configuration: { root_module: { module_calls: Object.fromEntries(calls.map((call) => [call, module(call)])) } } },
    );
    const notebooks = (type: string) => `variable "names" {\n${type}}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  for_each = var.names\n  role_arn = aws_iam_role.r[each.value].arn\n}\n`;
    const directory = folder({
      'main.tf': calls.map((call) => `module "${call}" {\n  source = "./${call}"\n  names  = ["train", "infer"]\n}\n`).join('\n'),
      'typed/main.tf': notebooks('  type = set(string)\n'),
      // The value may be a map whose values are other names: each.value is then not the key.
      'untyped/main.tf': notebooks(''),
      // An override file in the JSON syntax gives the variable another type, as Terraform merges it; or the set type.
      'retyped/main.tf': notebooks('  type = set(string)\n'),
      'retyped/override.tf.json': '{"variable": {"names": {"type": "map(string)"}}}\n',
      'json_typed/main.tf': notebooks('  type = map(string)\n'),
      'json_typed/override.tf.json': '{"variable": {"names": {"type": "set(string)"}}}\n',
    });
    expect(usesRole(besideFolder(directory, document))).toEqual({
      'module.typed.aws_sagemaker_notebook_instance.this["train"]': 'module.typed.aws_iam_role.r["train"]',
      'module.typed.aws_sagemaker_notebook_instance.this["infer"]': 'module.typed.aws_iam_role.r["infer"]',
      'module.json_typed.aws_sagemaker_notebook_instance.this["train"]': 'module.json_typed.aws_iam_role.r["train"]',
      'module.json_typed.aws_sagemaker_notebook_instance.this["infer"]': 'module.json_typed.aws_iam_role.r["infer"]',
    });
    expect(usesRole(world(document))).toEqual({});
  });

  it('reads each.value under a constant for_each map as the value the plan holds for the own key, where the .tf beside the plan shows it as the whole index of one resource read: aws_iam_role.r[each.value] is r["<value>"]', () => {
    const notebooks: Record<string, { constant: Record<string, unknown>; references: string[]; tf: string }> = {
      indexed: { constant: { a: 'ra' }, references: ['aws_iam_role.r', 'each.value'], tf: 'aws_iam_role.r[each.value].arn' },
      // Listed alike: beside the .tf, each.value is not the index (r["ra"] is).
      replaced: { constant: { a: 'rb' }, references: ['aws_iam_role.r', 'each.value'], tf: 'aws_iam_role.r[replace(each.value, "b", "a")].arn' },
      // Not a text: no key.
      object: { constant: { a: { name: 'ra' } }, references: ['aws_iam_role.r', 'each.value.name', 'each.value'], tf: 'aws_iam_role.r[each.value.name].arn' },
      // A local read beside it may be what the key is looked up in.
      looked_up: { constant: { a: 'ra' }, references: ['aws_iam_role.r', 'local.keys', 'each.value'], tf: 'aws_iam_role.r[local.keys[each.value]].arn' },
    };
    const document = plan(
      [
        ...['ra', 'rb'].map((key) => ({ address: `aws_iam_role.r["${key}"]`, values: { name: key, assume_role_policy: sagemakerTrust } })),
        ...Object.keys(notebooks).map((name) => notebook(`aws_sagemaker_notebook_instance.${name}["a"]`)),
      ],
      { configuration: { root_module: { resources: Object.entries(notebooks).map(([name, { constant, references }]) => ({ address: `aws_sagemaker_notebook_instance.${name}`, for_each_expression: { constant_value: constant }, expressions: { role_arn: { references } } })) } } },
    );
    const directory = folder({
      'main.tf': [
        'locals {\n  keys = { ra = "rb" }\n}\n',
        ...Object.entries(notebooks).map(([name, { constant, tf }]) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  for_each = ${JSON.stringify(constant).replace(/"(\w+)":/g, '$1 = ')}\n  role_arn = ${tf}\n}\n`),
      ].join('\n'),
    });
    // Alone, the plan lists r[each.value] and r[replace(each.value, ...)] alike: neither is read.
    expect(usesRole(world(document))).toEqual({});
    expect(usesRole(besideFolder(directory, document))).toEqual({ 'aws_sagemaker_notebook_instance.indexed["a"]': 'aws_iam_role.r["ra"]' });
  });

  it('reads each folder and each module call on its own where they write the same text: a local passed on, and each.value of a constant map in an input', () => {
    const notebookReads = (references: string[]) => ({ address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references } } });
    const roleNames = ['admin', 'scoped'];
    const document = plan(
      [
        ...['a', 'b'].flatMap((call) => [
          ...roleNames.map((name) => ({ address: `module.${call}.aws_iam_role.${name}`, values: { name: `${call}-${name}`, assume_role_policy: sagemakerTrust } })),
          notebook(`module.${call}.aws_sagemaker_notebook_instance.nb`),
        ]),
        ...roleNames.map((name) => ({ address: `aws_iam_role.r["${name}"]`, values: { name, assume_role_policy: sagemakerTrust } })),
        ...['c', 'd', 'e', 'f'].map((call) => notebook(`module.${call}["train"].aws_sagemaker_notebook_instance.nb`)),
      ],
      { configuration: { root_module: { module_calls: {
        ...Object.fromEntries(['a', 'b'].map((call) => [call, { source: `./${call}`, module: { resources: [notebookReads(['local.x.role.arn', 'local.x.role', 'local.x'])] } }])),
        ...Object.fromEntries(Object.entries({ c: 'admin', d: 'scoped', e: 'scoped', f: 'admin' }).map(([call, role]) => [call, {
          source: './nb',
          for_each_expression: { constant_value: { train: role } },
          expressions: { cfg: { references: ['aws_iam_role.r', 'each.value'] } },
          module: { resources: [notebookReads(['var.cfg.role', 'var.cfg'])] },
        }])),
      } } } },
    );
    const folderOf = (role: string) => `locals {\n  cfg = { role = aws_iam_role.${role} }\n  x   = local.cfg\n}\n\nresource "aws_sagemaker_notebook_instance" "nb" {\n  role_arn = local.x.role.arn\n}\n`;
    const call = (name: string, role: string, key: string) => `module "${name}" {\n  source   = "./nb"\n  for_each = { train = "${role}" }\n  cfg      = { role = aws_iam_role.r[${key}].arn }\n}\n`;
    const directory = folder({
      'main.tf': ['module "a" {\n  source = "./a"\n}\n', 'module "b" {\n  source = "./b"\n}\n', call('c', 'admin', 'each.value'), call('d', 'scoped', 'each.value'), call('e', 'scoped', '"${each.value}"'), call('f', 'admin', 'replace(each.value, "admin", "scoped")')].join('\n'),
      'a/main.tf': folderOf('admin'),
      'b/main.tf': folderOf('scoped'),
      'nb/main.tf': 'variable "cfg" {}\n\nresource "aws_sagemaker_notebook_instance" "nb" {\n  role_arn = var.cfg.role\n}\n',
    });
    expect(usesRole(besideFolder(directory, document))).toEqual({
      'module.a.aws_sagemaker_notebook_instance.nb': 'module.a.aws_iam_role.admin',
      'module.b.aws_sagemaker_notebook_instance.nb': 'module.b.aws_iam_role.scoped',
      'module.c["train"].aws_sagemaker_notebook_instance.nb': 'aws_iam_role.r["admin"]',
      'module.d["train"].aws_sagemaker_notebook_instance.nb': 'aws_iam_role.r["scoped"]',
      // "${each.value}" is each.value itself; a key built from it (module f), listed alike, is not read.
      'module.e["train"].aws_sagemaker_notebook_instance.nb': 'aws_iam_role.r["scoped"]',
    });
    expect(usesRole(world(document))).toEqual({});
  });

  it("reads no dynamic block's content with the resource's each where the block names its iterator each (Terraform 1.11.4 plan)", () => {
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'sagemaker-execution-role-admin', 'tf-plan-dynamic-iterator-each');
    const document: unknown = JSON.parse(readFileSync(join(directory, 'plan.json'), 'utf8'));
    expect(usesRole(besideFolder(directory, document))).toEqual({ 'aws_sagemaker_user_profile.own["k"]': 'aws_iam_role.r["ml"]' });
  });

  it('reads the JSON syntax beside a plan as Terraform does: each string a template, quotes escaped inside its interpolations included', () => {
    const document = plan(
      [...['a', 'b'].map((key) => ({ address: `aws_iam_role.r["${key}"]`, values: { name: key, assume_role_policy: sagemakerTrust } })), notebook('aws_sagemaker_notebook_instance.nb')],
      { configuration: { root_module: { resources: [{ address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references: ['local.x'] } } }] } } },
    );
    const directory = folder({ 'main.tf.json': JSON.stringify({ locals: { x: '${aws_iam_role.r["a"].arn}' }, resource: { aws_sagemaker_notebook_instance: { nb: { role_arn: '${local.x}' } } } }) });
    expect(usesRole(besideFolder(directory, document))).toEqual({ 'aws_sagemaker_notebook_instance.nb': 'aws_iam_role.r["a"]' });
    expect(usesRole(world(document))).toEqual({});
  });

  it('links no value an output may take from one of several instances, from an expression the plan does not show, or from a literal key beside a computed one', () => {
    const one = (key: string) => [
      { address: `module.team[${key}].aws_iam_role.exec`, values: { name: `exec-${key}`, assume_role_policy: sagemakerTrust } },
      ...[0, 1].map((worker) => ({ address: `module.team[${key}].aws_iam_role.worker[${worker}]`, values: { name: `worker-${key}-${worker}`, assume_role_policy: sagemakerTrust } })),
      { address: `module.stamped[${key}].aws_iam_role.exec`, values: { name: `stamped-${key}`, assume_role_policy: sagemakerTrust } },
      { address: `module.single[${key}].aws_iam_role.exec`, values: { name: `single-${key}`, assume_role_policy: sagemakerTrust } },
    ];
    const parsed = world(plan([
      ...one('"a"'),
      ...one('"b"'),
      ...['splat["a"]', 'stamped["a"]', 'coalesced["a"]', 'fan'].map((name) => notebook(`aws_sagemaker_notebook_instance.${name}`)),
      { address: 'module.fan.module.fan.module.fan.aws_iam_role.this', values: { name: 'deep', assume_role_policy: sagemakerTrust } },
    ], { configuration: { root_module: {
      resources: [
        // module.team[each.key].worker_arns[0]: worker_arns = aws_iam_role.worker[*].arn, two instances
        { address: 'aws_sagemaker_notebook_instance.splat', expressions: { role_arn: { references: ['module.team', 'each.key'] } } },
        // module.stamped[each.key].role_arn, where another output is uuid(): Terraform writes it as an empty expression
        { address: 'aws_sagemaker_notebook_instance.stamped', expressions: { role_arn: { references: ['module.stamped', 'each.key'] } } },
        // coalesce(module.single[each.key].role_arn, module.single["b"].role_arn): Terraform lists module.single for the first
        { address: 'aws_sagemaker_notebook_instance.coalesced', expressions: { role_arn: { references: ['module.single', 'each.key', 'module.single["b"].role_arn', 'module.single["b"]'] } } },
        // module.fan.any: every output of every level passes on the whole next module
        { address: 'aws_sagemaker_notebook_instance.fan', expressions: { role_arn: { references: ['module.fan'] } } },
      ],
      module_calls: {
        team: { source: './team', module: { resources: [{ address: 'aws_iam_role.exec' }, { address: 'aws_iam_role.worker' }], outputs: {
          exec_arn: { expression: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } },
          worker_arns: { expression: { references: ['aws_iam_role.worker'] } },
        } } },
        stamped: { source: './stamped', module: { resources: [{ address: 'aws_iam_role.exec' }], outputs: {
          role_arn: { expression: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } },
          build: { expression: {} },
        } } },
        single: { source: './single', module: { resources: [{ address: 'aws_iam_role.exec' }], outputs: { role_arn: { expression: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } } } },
        fan: fanModule(3, 3),
      },
    } } }));
    const used = (from: string) => parsed.edges.filter((edge) => edge.from === from && edge.kind === 'uses-role').map((edge) => edge.to);
    for (const none of ['splat["a"]', 'stamped["a"]', 'coalesced["a"]']) expect(used(`aws_sagemaker_notebook_instance.${none}`), none).toEqual([]);
    expect(used('aws_sagemaker_notebook_instance.fan')).toEqual(['module.fan.module.fan.module.fan.aws_iam_role.this']);
  });

  /** A module whose `width` outputs each pass on the whole next module, `depth` levels down to one role (each level is read once). */
  function fanModule(width: number, depth: number): Record<string, unknown> {
    const outputs = (references: string[]) => Object.fromEntries(Array.from({ length: width }, (_, position) => [`out${position}`, { expression: { references } }]));
    if (depth === 1) return { source: './fan', module: { resources: [{ address: 'aws_iam_role.this' }], outputs: outputs(['aws_iam_role.this.arn', 'aws_iam_role.this']) } };
    return { source: './fan', module: { resources: [], outputs: outputs(['module.fan']), module_calls: { fan: fanModule(width, depth - 1) } } };
  }

  it('makes no edge from a non-identifying attribute or a root variable', () => {
    expect(target('aws_sagemaker_notebook_instance.policy_attribute')).toEqual([]);
    expect(target('aws_sagemaker_notebook_instance.variable')).toEqual([]);
    const variable = resource(parsed, 'aws_sagemaker_notebook_instance.variable').properties as Record<string, unknown>;
    expect(displayValue(variable.role_arn as Unresolved)).toContain('known after apply');
  });
});

describe('keys of values known only after apply (Terraform 1.11.4 plans)', () => {
  const fixture = (name: string) => join(import.meta.dirname, '..', '..', 'fixtures', 'identity-passrole-unscoped', name);
  const read = (name: string) => {
    const document: unknown = JSON.parse(readFileSync(join(fixture(name), 'plan.json'), 'utf8'));
    return { alone: world(document), beside: besideFolder(fixture(name), document) };
  };

  it('keys each entry of a users list by its own text beside the folder, and by the list\'s references alone where they name one resource', () => {
    // users = ["${aws_iam_group.team.unique_id}-alice", "${aws_iam_group.team.unique_id}-bob"], and ["${aws_iam_group.team.unique_id}-bob"].
    const { alone, beside } = read('tf-plan-expression-attachment-list-two');
    const [granted, denied] = ['aws_iam_policy_attachment.env_bob', 'aws_iam_policy_attachment.env_bob_deny'].map((address) => resource(beside, address));
    expect(granted!.expressionKey!(['users', 0])).not.toEqual(granted!.expressionKey!(['users', 1]));
    expect(granted!.expressionKey!(['users', 1])).toEqual(denied!.expressionKey!(['users', 0]));
    expect(granted!.templateText!(['users', 0])).toEqual({ scope: '', text: '${aws_iam_group.team.unique_id}-alice' });
    for (const path of [['users', 2], ['users', 'name'], ['users', 0, 0]]) expect(granted!.expressionKey!(path), path.join('.')).toBeUndefined();
    expect(granted!.referencesKey!(['users', 0])).toBeUndefined();
    // Alone, the plan lists the same references for both lists, and the set not known whole stands for its entries in one.
    const [grantedAlone, deniedAlone] = ['aws_iam_policy_attachment.env_bob', 'aws_iam_policy_attachment.env_bob_deny'].map((address) => resource(alone, address));
    expect(grantedAlone!.expressionKey!(['users', 0])).toBeUndefined();
    expect(grantedAlone!.templateText!(['users', 0])).toBeUndefined();
    expect(grantedAlone!.referencesKey!(['users', 0])).toBeDefined();
    expect(grantedAlone!.referencesKey!(['users', 0])).toEqual(deniedAlone!.referencesKey!(['users', 0]));
  });

  it('reads a format() of quoted text and references beside the folder as the template text it writes, which the same text written as a template has', () => {
    // format("%s-bob", aws_iam_group.team.unique_id) and "${aws_iam_group.team.unique_id}-bob".
    const { beside } = read('tf-plan-expression-format-denied-by-template');
    const [granted, denied] = ['aws_iam_user_policy_attachment.env_bob', 'aws_iam_user_policy_attachment.env_bob_deny'].map((address) => resource(beside, address));
    expect(granted!.expressionKey!(['user'])).not.toEqual(denied!.expressionKey!(['user']));
    expect(granted!.templateText!(['user'])).toEqual({ scope: '', text: '${aws_iam_group.team.unique_id}-bob' });
    expect(denied!.templateText!(['user'])).toEqual(granted!.templateText!(['user']));
    // format("%s-alice", ...): the same references, another text.
    const other = read('tf-plan-expression-format-other-literal').beside;
    expect(resource(other, 'aws_iam_user_policy_attachment.env_bob_deny').templateText!(['user'])).toEqual({ scope: '', text: '${aws_iam_group.team.unique_id}-alice' });
  });
});

describe('local values read from the folder of a plan', () => {
  const notebooks = ['direct', 'chained', 'overridden', 'two_roles', 'unwritten', 'json_overridden', 'in_module'];
  const reads: Record<string, string> = { direct: 'exec_arn', chained: 'chained', overridden: 'pinned', two_roles: 'roles', unwritten: 'nowhere', json_overridden: 'json_pinned' };
  const tf = {
    'main.tf': `locals {
  exec_arn = aws_iam_role.exec.arn
  chained  = local.exec_arn
  pinned   = aws_iam_role.exec.arn
  roles    = { a = aws_iam_role.exec.arn, b = aws_iam_role.other.arn }
  json_pinned = aws_iam_role.exec.arn
}

resource "aws_iam_role" "exec" {
  name = "exec"
}

resource "aws_iam_role" "other" {
  name = "other"
}
${notebooks.filter((name) => name !== 'in_module').map((name) => `
resource "aws_sagemaker_notebook_instance" "${name}" {
  name     = "${name}"
  role_arn = local.${name === 'two_roles' ? 'roles.a' : reads[name]}
}
`).join('')}
module "team" {
  source = "./team"
}
`,
    'override.tf': 'locals {\n  pinned = aws_iam_role.other.arn\n}\n',
    // An override file in the JSON syntax is read as one in HCL: the local it writes last is its value.
    'z_override.tf.json': '{"locals": {"json_pinned": "${aws_iam_role.other.arn}"}}\n',
    'team/main.tf': 'locals {\n  role = aws_iam_role.inner.arn\n}\n\nresource "aws_iam_role" "inner" {\n  name = "inner"\n}\n\nresource "aws_sagemaker_notebook_instance" "in_module" {\n  name     = "in_module"\n  role_arn = local.role\n}\n',
  };
  const local = (name: string) => ({ role_arn: { references: [`local.${name}`] } });
  const document = plan(
    [
      { address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: lambdaTrust } },
      { address: 'aws_iam_role.other', values: { name: 'other', assume_role_policy: lambdaTrust } },
      { address: 'module.team.aws_iam_role.inner', values: { name: 'inner', assume_role_policy: lambdaTrust } },
      ...notebooks.map((name) => ({ address: `${name === 'in_module' ? 'module.team.' : ''}aws_sagemaker_notebook_instance.${name}`, values: { name }, unknown: { role_arn: true } })),
    ],
    {
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_iam_role.exec', expressions: { name: { constant_value: 'exec' } } },
            { address: 'aws_iam_role.other', expressions: { name: { constant_value: 'other' } } },
            ...Object.entries(reads).map(([name, read]) => ({ address: `aws_sagemaker_notebook_instance.${name}`, expressions: { name: { constant_value: name }, ...local(read) } })),
          ],
          module_calls: {
            team: { source: './team', module: { resources: [{ address: 'aws_iam_role.inner', expressions: { name: { constant_value: 'inner' } } }, { address: 'aws_sagemaker_notebook_instance.in_module', expressions: { name: { constant_value: 'in_module' }, ...local('role') } }] } },
          },
        },
      },
    },
  );
  const roleOf = (parsed: ParsedWorld) => Object.fromEntries(parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from.split('.').at(-1), edge.to]));

  it('links an open role to the resource the local reads, through locals, an override file and a module folder', () => {
    const directory = folder({ ...tf, 'plan.json': JSON.stringify(document, null, 2) });
    const text = JSON.stringify(document, null, 2);
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    expect(roleOf(inFolder.worlds[0]!)).toEqual({
      direct: 'aws_iam_role.exec',
      chained: 'aws_iam_role.exec',
      overridden: 'aws_iam_role.other',
      json_overridden: 'aws_iam_role.other',
      in_module: 'module.team.aws_iam_role.inner',
    });
    // Without the folder, a local may be anything: nothing is linked.
    expect(roleOf(world(document))).toEqual({});
  });

  it('links a local that reads an output of one instance of a module called with for_each', () => {
    const keyed = plan(
      [
        ...['alpha', 'beta'].map((key) => ({ address: `module.teams["${key}"].aws_iam_role.this`, values: { name: key, assume_role_policy: lambdaTrust } })),
        { address: 'aws_sagemaker_notebook_instance.nb', values: { name: 'nb' }, unknown: { role_arn: true } },
      ],
      {
        configuration: {
          root_module: {
            resources: [{ address: 'aws_sagemaker_notebook_instance.nb', expressions: { name: { constant_value: 'nb' }, ...local('alpha_role') } }],
            module_calls: {
              teams: {
                source: './team',
                for_each_expression: { constant_value: ['alpha', 'beta'] },
                module: { resources: [{ address: 'aws_iam_role.this', expressions: { name: { references: ['each.key'] } } }], outputs: { role_arn: { expression: { references: ['aws_iam_role.this.arn', 'aws_iam_role.this'] } } } },
              },
            },
          },
        },
      },
    );
    const directory = folder({
      'main.tf': 'locals {\n  alpha_role = module.teams["alpha"].role_arn\n}\n\nmodule "teams" {\n  for_each = toset(["alpha", "beta"])\n  source   = "./team"\n}\n\nresource "aws_sagemaker_notebook_instance" "nb" {\n  name     = "nb"\n  role_arn = local.alpha_role\n}\n',
      'team/main.tf': 'resource "aws_iam_role" "this" {\n  name = each.key\n}\n\noutput "role_arn" {\n  value = aws_iam_role.this.arn\n}\n',
    });
    const text = JSON.stringify(keyed, null, 2);
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(roleOf(inFolder.worlds[0]!)).toEqual({ nb: 'module.teams["alpha"].aws_iam_role.this' });
  });

  it('reports the role a local leads to that the notebook cannot assume, as the .tf files alone do', async () => {
    const directory = folder({ ...tf, 'plan.json': JSON.stringify(document, null, 2) });
    const found = (await scan([directory])).findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable');
    expect(found.map((finding) => finding.resource.address)).toEqual(['aws_sagemaker_notebook_instance.direct', 'aws_sagemaker_notebook_instance.chained', 'aws_sagemaker_notebook_instance.overridden', 'aws_sagemaker_notebook_instance.json_overridden', 'module.team.aws_sagemaker_notebook_instance.in_module']);
  });
});

describe('declarations', () => {
  it("locates blocks by position up to the first dynamic block, and in the content of a dynamic block that comes last", () => {
    const block = (inner: string) => `data "aws_iam_policy_document" "d" {\n  statement {\n    principals {\n      type        = "AWS"\n      identifiers = ["a"]\n    }\n  }\n${inner}}\n`;
    const dynamic = '  dynamic "statement" {\n    for_each = var.principals\n    content {\n      principals {\n        type        = "AWS"\n        identifiers = [statement.value]\n      }\n    }\n  }\n';
    const declaration = (text: string): Declaration => {
      const source = new HclSource('main.tf', text);
      return { source, block: source.body.blocks[0]! };
    };
    const line = (text: string, path: Path) => locateInDeclaration(declaration(text), path).startLine;
    const between = block(`${dynamic}  statement {\n    actions = ["sts:AssumeRole"]\n  }\n`);
    expect(line(between, ['statement', 0, 'principals', 0, 'identifiers'])).toBe(5);
    // Position 1 is the dynamic block's first, or the last block if it writes none: not known.
    expect(line(between, ['statement', 1, 'principals', 0, 'identifiers'])).toBe(1);
    expect(line(between, ['statement', 2, 'actions'])).toBe(1);
    const last = block(dynamic);
    // identifiers = [statement.value], in the content block that writes every statement of the dynamic block.
    expect(line(last, ['statement', 2, 'principals', 0, 'identifiers'])).toBe(13);
  });
});

describe('declarations read with the planned values', () => {
  const text = [
    'resource "aws_iam_role" "r" {', // 1
    '  inline_policy {',
    '    name   = "same"',
    '    policy = var.first',
    '  }', // 5
    '  inline_policy {',
    '    name   = "same"',
    '    policy = var.second',
    '  }',
    '  dynamic "inline_policy" {', // 10
    '    for_each = var.more',
    '    content {',
    '      name   = inline_policy.key',
    '      policy = inline_policy.value',
    '    }', // 15
    '  }',
    '}',
  ].join('\n');
  const line = (values: Record<string, unknown>, path: Path, withDynamic = true) => {
    const written = withDynamic ? text : text.replace(/  dynamic[\s\S]*?\n  }\n/, '');
    const source = new HclSource('main.tf', written);
    const declaration: Declaration = { source, block: source.body.blocks[0]!, planned: { values: () => values, readText: (text) => text, variable: () => undefined } };
    return locateInDeclaration(declaration, path).startLine;
  };

  it('takes, in a set of blocks, the written block whose literals are the element and no other element, else one dynamic block', () => {
    const inline = (...names: string[]) => ({ inline_policy: names.map((name) => ({ name, policy: '{}' })) });
    // Terraform writes a set in its own order: blocks alike in what they write literally are not told apart.
    expect(line(inline('same', 'same'), ['inline_policy', 1, 'policy'])).toBe(1);
    expect(line(inline('same', 'same'), ['inline_policy', 0, 'policy'])).toBe(1);
    // An element no static block writes: the dynamic block's content, else not known (the resource).
    expect(line(inline('other', 'same', 'same'), ['inline_policy', 0, 'policy'])).toBe(14);
    expect(line(inline('other', 'same', 'same'), ['inline_policy', 0, 'policy'], false)).toBe(1);
    const named = (values: Record<string, unknown>, path: Path) => {
      const source = new HclSource('main.tf', text.replace('name   = "same"', 'name   = "first"'));
      return locateInDeclaration({ source, block: source.body.blocks[0]!, planned: { values: () => values, readText: (text) => text, variable: () => undefined } }, path).startLine;
    };
    expect(named(inline('same', 'first'), ['inline_policy', 1, 'policy'])).toBe(4);
    expect(named(inline('same', 'first'), ['inline_policy', 0, 'policy'])).toBe(8);
  });

  it('takes, in a list of blocks, the block at its position up to the first dynamic block, and a last dynamic block after it', () => {
    const document = [
      'data "aws_iam_policy_document" "d" {', // 1
      '  statement {',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = "AWS"', // 5
      '      identifiers = local.partners',
      '    }',
      '  }',
      '  dynamic "statement" {',
      '    for_each = var.extra', // 10
      '    content {',
      '      actions = ["sts:AssumeRole"]',
      '      principals {',
      '        type        = "AWS"',
      '        identifiers = [statement.value]', // 15
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const statement = (identifiers: string[]) => ({ actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers }] });
    const values = { statement: [statement(['arn:aws:iam::210987654321:root']), statement(['*'])] };
    const source = new HclSource('main.tf', document);
    const at = (path: Path) => locateInDeclaration({ source, block: source.body.blocks[0]!, planned: { values: () => values, readText: (text) => text, variable: () => undefined } }, path).startLine;
    // The static block writes the dynamic one's element as well, literal for literal: its position says which it is.
    expect(at(['statement', 0, 'principals', 0, 'identifiers'])).toBe(6);
    expect(at(['statement', 1, 'principals', 0, 'identifiers'])).toBe(15);
  });

  it("takes the element of a list attribute written with the planned element's value, else the one element of a list of one", () => {
    const document = [
      'data "aws_iam_policy_document" "d" {', // 1
      '  statement {',
      '    actions = [',
      '      "s3:GetObject",',
      '      "iam:PassRole",', // 5
      '    ]',
      '    resources = [',
      '      var.bucket,',
      '    ]',
      '    not_resources = [var.first, var.second]', // 10
      '  }',
      '}',
    ].join('\n');
    // As the provider plans the lists, as sets in its own order.
    const values = { statement: [{ actions: ['iam:PassRole', 's3:GetObject'], resources: ['arn:aws:s3:::b'], not_resources: ['arn:aws:s3:::x', 'arn:aws:s3:::y'] }] };
    // A root variable the plan shows is read as its value.
    const variable = (name: string) => (name === 'second' ? 'arn:aws:s3:::y' : undefined);
    const source = new HclSource('main.tf', document);
    const at = (path: Path) => {
      const { startLine, startColumn, endColumn } = locateInDeclaration({ source, block: source.body.blocks[0]!, planned: { values: () => values, readText: (text) => text, variable } }, path);
      return document.split('\n')[startLine - 1]!.slice(startColumn - 1, endColumn - 1);
    };
    expect(at(['statement', 0, 'actions', 0])).toBe('"iam:PassRole"');
    expect(at(['statement', 0, 'actions', 1])).toBe('"s3:GetObject"');
    expect(at(['statement', 0, 'resources', 0])).toBe('var.bucket');
    expect(at(['statement', 0, 'not_resources', 1])).toBe('var.second');
    // Which of two elements wrote one that neither is known to be is not known: the attribute.
    expect(at(['statement', 0, 'not_resources', 0])).toBe('not_resources = [var.first, var.second]');
  });
});

describe('policy documents read at apply', () => {
  const statement = (type: string, identifiers: unknown[]) => ({ actions: ['sts:AssumeRole'], condition: [], effect: null, not_actions: [], not_principals: [], not_resources: [], principals: [{ identifiers, type }], resources: [], sid: null });
  const deferred = (name: string, values: Record<string, unknown>): Spec => ({ address: `data.aws_iam_policy_document.${name}`, values: { version: '2012-10-17', ...values }, actions: ['read'], unknown: { json: true, minified_json: true, id: true } });
  const role = (name: string): Spec => ({ address: `aws_iam_role.${name}`, values: { name }, unknown: { assume_role_policy: true, arn: true } });
  const references = (...documents: string[]) => ({ references: documents.flatMap((document) => [`data.aws_iam_policy_document.${document}.json`, `data.aws_iam_policy_document.${document}`]) });
  const document = plan([
    deferred('open', { statement: [statement('AWS', ['*']), statement('AWS', [null])] }),
    deferred('merged', { source_json: null, override_json: '{"Statement":[]}', statement: [statement('AWS', ['*'])] }),
    role('open'),
    role('merged'),
    role('either'),
    role('replaced'),
    { address: 'aws_iam_role.inline_one', values: { name: 'inline_one', inline_policy: [{ name: 'a', policy: null }] }, unknown: { inline_policy: [{ policy: true }] } },
    { address: 'aws_iam_role.inline_two', values: { name: 'inline_two', inline_policy: [{ name: 'a', policy: null }, { name: 'b', policy: null }] }, unknown: { inline_policy: [{ policy: true }, { policy: true }] } },
  ], { configuration: { root_module: { resources: [
    { address: 'aws_iam_role.inline_one', expressions: { inline_policy: [{ policy: references('open') }] } },
    // A set's blocks are listed by value: which expression wrote which block is not known.
    { address: 'aws_iam_role.inline_two', expressions: { inline_policy: [{ policy: references('open') }, { policy: references('open') }] } },
    { address: 'aws_iam_role.open', expressions: { assume_role_policy: references('open') } },
    { address: 'aws_iam_role.merged', expressions: { assume_role_policy: references('merged') } },
    // var.strict ? data...open.json : data...merged.json
    { address: 'aws_iam_role.either', expressions: { assume_role_policy: references('open', 'merged') } },
    // replace(data...open.json, "ACCOUNT", var.account_id): another text than the document's
    { address: 'aws_iam_role.replaced', expressions: { assume_role_policy: { references: [...references('open').references, 'var.account_id'] } } },
  ] } } });

  it('follows a module input or output that passes the document on, and no other expression', () => {
    const passed = plan([
      deferred('shared', { statement: [statement('AWS', ['*']), statement('AWS', [null])] }),
      { address: 'module.roles.aws_iam_role.this', values: { name: 'inner' }, unknown: { assume_role_policy: true, arn: true } },
      { address: 'module.docs.data.aws_iam_policy_document.this', values: { version: '2012-10-17', statement: [statement('AWS', ['*'])] }, actions: ['read'], unknown: { json: true } },
      role('from_output'),
    ], { configuration: { root_module: {
      resources: [{ address: 'aws_iam_role.from_output', expressions: { assume_role_policy: { references: ['module.docs.json', 'module.docs'] } } }],
      module_calls: {
        roles: { source: './roles', expressions: { trust: references('shared') }, module: { resources: [{ address: 'aws_iam_role.this', expressions: { assume_role_policy: { references: ['var.trust'] } } }] } },
        docs: { source: './docs', module: { resources: [], outputs: { json: { expression: { references: ['data.aws_iam_policy_document.this.json', 'data.aws_iam_policy_document.this'] } } } } },
      },
    } } });
    const statements = (parsed: ParsedWorld, address: string) => ((resource(parsed, address).properties as Record<string, { Statement?: unknown[] }>).assume_role_policy?.Statement ?? []).length;
    const alone = world(passed);
    expect(statements(alone, 'module.roles.aws_iam_role.this')).toBe(2);
    expect(statements(alone, 'aws_iam_role.from_output')).toBe(1);
    // Beside the .tf, an input or output that builds another text from the document (the plan lists the same references) is not the document.
    const inFolder = (trust: string, json: string) => {
      const text = JSON.stringify(passed, null, 2);
      const directory = folder({
        'main.tf': `module "roles" {\n  source = "./roles"\n  trust  = ${trust}\n}\n\nmodule "docs" {\n  source = "./docs"\n}\n\nresource "aws_iam_role" "from_output" {\n  name               = "from_output"\n  assume_role_policy = module.docs.json\n}\n`,
        'roles/main.tf': 'variable "trust" {}\n\nresource "aws_iam_role" "this" {\n  name               = "inner"\n  assume_role_policy = var.trust\n}\n',
        'docs/main.tf': `output "json" {\n  value = ${json}\n}\n`,
        'plan.json': text,
      });
      const parsed = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
      expect(parsed.errors).toEqual([]);
      return [statements(parsed.worlds[0]!, 'module.roles.aws_iam_role.this'), statements(parsed.worlds[0]!, 'aws_iam_role.from_output')];
    };
    expect(inFolder('data.aws_iam_policy_document.shared.json', 'data.aws_iam_policy_document.this.json')).toEqual([2, 1]);
    expect(inFolder('replace(data.aws_iam_policy_document.shared.json, "a", "b")', 'replace(data.aws_iam_policy_document.this.json, "a", "b")')).toEqual([0, 0]);
  });

  it("reads the planned statements of a deferred aws_iam_policy_document into the policy attributes that refer to its json alone", () => {
    const parsed = world(document);
    const trust = (name: string) => (resource(parsed, `aws_iam_role.${name}`).properties as Record<string, unknown>).assume_role_policy;
    expect(trust('open')).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } }, { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: null } }] });
    // The deprecated override_json merges a document this reading does not have; a choice of two documents is not known.
    expect(trust('merged')).toEqual(new Unresolved('known after apply'));
    expect(trust('either')).toEqual(new Unresolved('known after apply'));
    expect(trust('replaced')).toEqual(new Unresolved('known after apply'));
    const inline = (name: string) => ((resource(parsed, `aws_iam_role.${name}`).properties as Record<string, unknown>).inline_policy as Array<Record<string, unknown>>).map((block) => block.policy);
    expect(inline('inline_one')).toEqual([trust('open')]);
    expect(inline('inline_two')).toEqual([new Unresolved('known after apply'), new Unresolved('known after apply')]);
  });

  it('includes a deferred document in another deferred one (source_policy_documents, override_policy_documents) by its planned statements, where the open entry can only be that document', () => {
    const including = (name: string, attribute: string) => deferred(name, { statement: [], [attribute]: [null] });
    const open = { json: true, minified_json: true, id: true };
    const included = plan([
      deferred('open', { statement: [statement('AWS', ['*'])] }),
      deferred('other', { statement: [statement('Service', ['sagemaker.amazonaws.com'])] }),
      { ...including('via_source', 'source_policy_documents'), unknown: { ...open, source_policy_documents: [true] } },
      { ...including('via_override', 'override_policy_documents'), unknown: { ...open, override_policy_documents: [true] } },
      { ...including('either', 'source_policy_documents'), unknown: { ...open, source_policy_documents: [true] } },
      { ...including('with_bucket', 'source_policy_documents'), unknown: { ...open, source_policy_documents: [true] } },
      { address: 'aws_s3_bucket.b', values: { bucket: 'b' }, unknown: { arn: true } },
      role('via_source'),
      role('via_override'),
      role('either'),
      role('with_bucket'),
    ], { configuration: { root_module: { resources: [
      { address: 'data.aws_iam_policy_document.via_source', mode: 'data', type: 'aws_iam_policy_document', name: 'via_source', expressions: { source_policy_documents: references('open') } },
      { address: 'data.aws_iam_policy_document.via_override', mode: 'data', type: 'aws_iam_policy_document', name: 'via_override', expressions: { override_policy_documents: references('open') } },
      // [var.strict ? data...open.json : data...other.json]: which one the entry is, is not known.
      { address: 'data.aws_iam_policy_document.either', mode: 'data', type: 'aws_iam_policy_document', name: 'either', expressions: { source_policy_documents: references('open', 'other') } },
      // [replace(data...open.json, "B", aws_s3_bucket.b.arn)]: another text than the document's.
      { address: 'data.aws_iam_policy_document.with_bucket', mode: 'data', type: 'aws_iam_policy_document', name: 'with_bucket', expressions: { source_policy_documents: { references: [...references('open').references, 'aws_s3_bucket.b.arn', 'aws_s3_bucket.b'] } } },
      ...['via_source', 'via_override', 'either', 'with_bucket'].map((name) => ({ address: `aws_iam_role.${name}`, expressions: { assume_role_policy: references(name) } })),
    ] } } });
    const parsed = world(included);
    const statements = (name: string) => ((resource(parsed, `aws_iam_role.${name}`).properties as Record<string, { Statement?: unknown }>).assume_role_policy?.Statement);
    const star = [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } }];
    expect(statements('via_source')).toEqual(star);
    expect(statements('via_override')).toEqual(star);
    expect(statements('either')).toEqual([new Unresolved('known after apply')]);
    expect(statements('with_bucket')).toEqual([new Unresolved('known after apply')]);
  });

  it('points at the statement in the plan, or in the data block of the .tf file', async () => {
    const mainTf = 'data "aws_iam_policy_document" "open" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "AWS"\n      identifiers = ["*"]\n    }\n  }\n}\n\nresource "aws_iam_role" "open" {\n  name               = "open"\n  assume_role_policy = data.aws_iam_policy_document.open.json\n}\n';
    const text = JSON.stringify(document, null, 2);
    const lines = async (files: Record<string, string>) => (await scan([join(folder(files), 'plan.json')])).findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.resource.address, finding.location.file.split('/').at(-1), finding.location.startLine]);
    // The one identifier, which the provider writes as the principal: the line after "identifiers".
    const identifier = text.split('\n').findIndex((line) => line.includes('"identifiers"')) + 2;
    expect(await lines({ 'plan.json': text })).toEqual([['aws_iam_role.open', 'plan.json', identifier]]);
    expect(await lines({ 'plan.json': text, 'main.tf': mainTf })).toEqual([['aws_iam_role.open', 'main.tf', 6]]);
  });
});

describe('locations', () => {
  const trustWithStar = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
  const document = plan(
    [
      { address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: trustWithStar } },
      { address: 'module.inner.aws_iam_role.open', values: { name: 'inner-open', assume_role_policy: trustWithStar } },
    ],
    { configuration: { root_module: { resources: [], module_calls: { inner: { source: './modules/inner', module: { resources: [] } } } } } },
  );
  const text = JSON.stringify(document, null, 2);
  const lineOf = (needle: string, from = 0) => text.slice(0, text.indexOf(needle, from)).split('\n').length;

  it("points at the attribute's line in the plan, and in a minified plan at the element inside the policy's text, for pretty and minified plans", async () => {
    const directory = folder({ 'plan.json': text, 'minified/plan.json': JSON.stringify(document), 'bom/plan.json': `\uFEFF${JSON.stringify(document)}` });
    const pretty = await scan([join(directory, 'plan.json')]);
    const first = text.indexOf('"assume_role_policy"');
    expect(pretty.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => finding.location.startLine)).toEqual([lineOf('"assume_role_policy"'), lineOf('"assume_role_policy"', first + 1)]);
    const minified = await scan([join(directory, 'minified', 'plan.json')]);
    const columns = minified.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.location.startLine, finding.location.startColumn]);
    const compact = JSON.stringify(document);
    const at = compact.indexOf('"assume_role_policy"');
    // The policy's text is written on the attribute's line: the principal it trusts, as the plan escapes it.
    expect(columns).toEqual([
      [1, compact.indexOf('\\"AWS\\"', at) + 1],
      [1, compact.indexOf('\\"AWS\\"', compact.indexOf('"assume_role_policy"', at + 1)) + 1],
    ]);
    // A byte order mark is no column, as editors show the line and as templates are located.
    const withMark = await scan([join(directory, 'bom', 'plan.json')]);
    expect(withMark.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.location.startLine, finding.location.startColumn])).toEqual(columns);
  });

  it('points inside a policy the plan holds as JSON text, at the element a finding is about, with no .tf folder: escapes and the owner account counted as the plan writes them', async () => {
    // Two statements, the one at fault second, after an ARN with the owner's account (read as a longer symbol) and an `&`.
    const policy = (pretty: boolean) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::logs-${ACCOUNT}/a&b/*` }, { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }, null, pretty ? 2 : undefined);
    const identity = { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } };
    for (const pretty of [false, true]) {
      const document = plan([{ address: 'aws_iam_policy.pass', values: { name: 'pass', policy: policy(pretty) } }], { prior_state: { values: { root_module: { resources: [identity] } } } });
      // Terraform writes `&`, `<` and `>` as \u escapes, each six characters long.
      for (const text of [JSON.stringify(document), JSON.stringify(document, null, 2), JSON.stringify(document).replaceAll('&', '\\u0026')]) {
        const directory = folder({ 'plan.json': text });
        const found = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
        expect(found).toHaveLength(1);
        const { startLine, startColumn, endLine, endColumn } = found[0]!.location;
        // The second statement's Action as the plan writes it inside the policy's string (the first statement's is before it).
        const start = text.indexOf('\\"Action\\"', text.indexOf('Pass', text.indexOf('"policy":')));
        const lines = text.slice(0, start).split('\n');
        expect([startLine, startColumn]).toEqual([lines.length, lines.at(-1)!.length + 1]);
        expect(endLine).toBe(startLine);
        expect(JSON.parse(`"${text.slice(start, start + endColumn - startColumn)}"`)).toBe(pretty ? '"Action": "iam:PassRole"' : '"Action":"iam:PassRole"');
      }
    }
  });

  it('points inside a policy held as JSON text at the last writing of a key the text repeats, the one JSON.parse and IAM read', async () => {
    // `Statement` written twice: the first is shadowed, the finding is about the second.
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}],"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}';
    const text = JSON.stringify(plan([{ address: 'aws_iam_policy.pass', values: { name: 'pass', policy } }]));
    const directory = folder({ 'plan.json': text });
    const found = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
    expect(found).toHaveLength(1);
    const { startLine, startColumn, endColumn } = found[0]!.location;
    expect(startLine).toBe(1);
    expect(JSON.parse(`"${text.slice(startColumn - 1, endColumn - 1)}"`)).toBe('"Action":"iam:PassRole"');
  });

  it("points at the mark of a value known only after apply in the resource's own change, past objects elsewhere that start like it", () => {
    const notebook = 'aws_sagemaker_notebook_instance.nb';
    // A map written before the change that starts like one: the notebook's address, then a key named change.
    const document = plan([
      { address: 'aws_cloudwatch_metric_alarm.cpu', values: { alarm_name: 'cpu', tags: { address: notebook, change: 'CHG0042' } } },
      { address: notebook, values: { name: 'nb', instance_type: 'ml.t3.medium' }, unknown: { arn: true, role_arn: true } },
    ]);
    const plannedValues = document.planned_values as { root_module: { resources: Array<{ address: string }> } };
    const changesOnly = { ...document, format_version: '0.1', planned_values: { root_module: { resources: plannedValues.root_module.resources.filter((item) => item.address !== notebook) } } };
    for (const written of [document, changesOnly]) {
      // Minified, as Terraform writes it (each change read on its own), and pretty (the plan read whole).
      for (const text of [JSON.stringify(written), JSON.stringify(written, null, 2)]) {
        const parsed = parseTerraformPlan('plan.json', text);
        expect(parsed.errors).toEqual([]);
        const mark = text.indexOf('"role_arn"', text.indexOf(`"address":${text.includes('\n') ? ' ' : ''}"${notebook}"`, text.indexOf('"resource_changes"')));
        const located = resource(parsed.worlds[0]!, notebook).locator.locate(['role_arn']);
        const lines = text.slice(0, mark).split('\n');
        expect([located.startLine, located.startColumn]).toEqual([lines.length, lines.at(-1)!.length + 1]);
      }
    }
  });

  it('points at the .tf blocks when the plan sits in its Terraform folder, or with --tf-dir', async () => {
    const tf = {
      'main.tf': 'resource "aws_iam_role" "open" {\n  name = "open"\n\n  assume_role_policy = local.trust\n}\n\nmodule "inner" {\n  source = "./modules/inner"\n}\n',
      'modules/inner/roles.tf': '# roles\nresource "aws_iam_role" "open" {\n  name               = "inner-open"\n  assume_role_policy = var.trust\n}\n',
    };
    const directory = folder({ ...tf, 'plan.json': text });
    const inFolder = await scan([directory]);
    const located = inFolder.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.location.file.slice(directory.length + 1), finding.location.startLine]);
    expect(located).toEqual([
      ['main.tf', 4],
      ['modules/inner/roles.tf', 4],
    ]);
    const elsewhere = folder({ 'plan.json': text });
    const withOption = await scan([join(elsewhere, 'plan.json')], { terraformFolder: directory });
    expect(withOption.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => finding.location.file.slice(directory.length + 1))).toEqual(['main.tf', 'modules/inner/roles.tf']);
  });

  it("attaches no policy through a role's arn where IAM takes its name, alone or beside the folder (Terraform 1.11.4 plan), and keeps a reference listed without attribute, which may be the name, linked alone", () => {
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'sagemaker-execution-role-admin', 'tf-plan-attached-by-role-arn');
    const document: unknown = JSON.parse(readFileSync(join(directory, 'plan.json'), 'utf8'));
    const toRole = (parsed: ParsedWorld, name: string) => parsed.edges.filter((edge) => edge.to === `aws_iam_role.${name}`).map((edge) => [edge.kind, edge.from]);
    const alone = world(document);
    for (const parsed of [alone, besideFolder(directory, document)]) {
      // Role a is given to its attachments and instance profile by its arn; role b's Deny too, its iam:* by its name.
      expect(toRole(parsed, 'a')).toEqual([['uses-role', 'aws_sagemaker_notebook_instance.a']]);
      expect(toRole(parsed, 'b')).toEqual([['attached-policy', 'aws_iam_role_policy.b_iam'], ['uses-role', 'aws_sagemaker_notebook_instance.b']]);
      expect(parsed.managedPolicyArns).toEqual([]);
    }
    // Beside the folder, nor to a role made elsewhere, whose name is not known: IAM refuses the ARN. Alone, the plan lists
    // the same reference for `basename(aws_iam_role.a.arn)`, the role's name: to a role not known.
    expect(besideFolder(directory, document).unmatchedPrincipals ?? []).toEqual([]);
    // Either role's name, which a value known only after apply may be.
    expect(alone.unmatchedPrincipals).toMatchObject(
      [
        ['aws_iam_policy.iam_all', 'aws_iam_policy_attachment.a_iam'],
        ['aws_iam_role_policy.a_iam', 'aws_iam_role_policy.a_iam'],
        ['aws_iam_role_policy.b_deny', 'aws_iam_role_policy.b_deny'],
      ].map(([policy, namedBy]) => ({ kind: 'role', policy, mayName: ['aws_iam_role.a', 'aws_iam_role.b'], namedBy })),
    );
    // aws_iam_role.r[each.key].arn and .name are both listed as aws_iam_role.r: only the .tf shows which one it is.
    const planned = plan(
      [
        { address: 'aws_iam_role.r["a"]', values: { name: 'a', assume_role_policy: sagemakerTrust }, unknown: { arn: true, id: true } },
        ...['arn', 'name'].map((attribute) => ({ address: `aws_iam_role_policy_attachment.${attribute}["a"]`, values: { policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, unknown: { role: true } })),
      ],
      {
        configuration: {
          root_module: {
            resources: [
              { address: 'aws_iam_role.r', for_each_expression: { constant_value: ['a'] } },
              ...['arn', 'name'].map((attribute) => ({ address: `aws_iam_role_policy_attachment.${attribute}`, expressions: { role: { references: ['aws_iam_role.r', 'each.key'] } } })),
            ],
          },
        },
      },
    );
    const mainTf = [
      'resource "aws_iam_role" "r" {',
      '  for_each = toset(["a"])',
      '  name     = each.key',
      '}',
      ...['arn', 'name'].map((attribute) => `resource "aws_iam_role_policy_attachment" "${attribute}" {\n  for_each   = toset(["a"])\n  role       = aws_iam_role.r[each.key].${attribute}\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}`),
    ].join('\n');
    const attachedBy = (parsed: ParsedWorld) => parsed.managedPolicyArns.map((arn) => [arn.holder, arn.principal]);
    expect(attachedBy(world(planned))).toEqual(['arn', 'name'].map((attribute) => [`aws_iam_role_policy_attachment.${attribute}["a"]`, 'aws_iam_role.r["a"]']));
    expect(attachedBy(besideFolder(folder({ 'main.tf': mainTf }), planned))).toEqual([['aws_iam_role_policy_attachment.name["a"]', 'aws_iam_role.r["a"]']]);
  });

  it('reads the instance whose key the .tf text builds from the referring one\'s, as the .tf scan does, not the one of the key itself: Terraform lists the same references for r[each.key] and r["${each.key}-admin"]', () => {
    const planned = plan(
      [
        { address: 'aws_iam_role.r["a"]', values: { name: 'a', assume_role_policy: lambdaTrust } },
        { address: 'aws_iam_role.r["a-admin"]', values: { name: 'a-admin', assume_role_policy: sagemakerTrust } },
        { address: 'aws_sagemaker_notebook_instance.nb["a"]', values: { name: 'nb-a' }, unknown: { role_arn: true } },
        { address: 'aws_sagemaker_notebook_instance.plain["a"]', values: { name: 'plain-a' }, unknown: { role_arn: true } },
      ],
      {
        configuration: {
          root_module: {
            resources: [
              { address: 'aws_iam_role.r', for_each_expression: { constant_value: ['a', 'a-admin'] } },
              { address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references: ['aws_iam_role.r', 'each.key'] } } },
              { address: 'aws_sagemaker_notebook_instance.plain', expressions: { role_arn: { references: ['aws_iam_role.r', 'each.key'] } } },
            ],
          },
        },
      },
    );
    const mainTf = [
      'resource "aws_iam_role" "r" {',
      '  for_each           = toset(["a", "a-admin"])',
      '  name               = each.key',
      '  assume_role_policy = local.trust[each.key]',
      '}',
      'resource "aws_sagemaker_notebook_instance" "nb" {',
      '  for_each = toset(["a"])',
      '  name     = "nb-${each.key}"',
      '  role_arn = aws_iam_role.r["${each.key}-admin"].arn',
      '}',
      'resource "aws_sagemaker_notebook_instance" "plain" {',
      '  for_each = toset(["a"])',
      '  name     = "plain-${each.key}"',
      '  role_arn = aws_iam_role.r[each.key].arn',
      '}',
    ].join('\n');
    const text = JSON.stringify(planned, null, 2);
    const usedBy = (parsed: ParsedWorld, notebook: string) => parsed.edges.filter((edge) => edge.from === `aws_sagemaker_notebook_instance.${notebook}["a"]` && edge.kind === 'uses-role').map((edge) => edge.to);
    const withoutFolder = parseTerraformPlan('plan.json', text).worlds[0]!;
    // The plan alone reads both as r[each.key].
    expect(usedBy(withoutFolder, 'nb')).toEqual(['aws_iam_role.r["a"]']);
    const directory = folder({ 'main.tf': mainTf, 'plan.json': text });
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true }).worlds[0]!;
    expect(usedBy(inFolder, 'nb')).toEqual(['aws_iam_role.r["a-admin"]']);
    expect(usedBy(inFolder, 'plain')).toEqual(['aws_iam_role.r["a"]']);
  });

  it('reads the instance whose key the .tf text builds from the calling instance\'s for a module input, not the one of the key itself: Terraform lists the same references for r[each.key] and r["${each.key}-admin"] there too', () => {
    const planned = plan(
      [
        { address: 'aws_iam_role.r["a"]', values: { name: 'a', assume_role_policy: lambdaTrust } },
        { address: 'aws_iam_role.r["a-admin"]', values: { name: 'a-admin', assume_role_policy: sagemakerTrust } },
        ...['admin', 'plain'].map((call) => ({ address: `module.${call}["a"].aws_sagemaker_notebook_instance.nb`, values: { name: `${call}-a` }, unknown: { role_arn: true } })),
      ],
      {
        configuration: {
          root_module: {
            resources: [{ address: 'aws_iam_role.r', for_each_expression: { constant_value: ['a', 'a-admin'] } }],
            module_calls: Object.fromEntries(
              ['admin', 'plain'].map((call) => [
                call,
                {
                  source: './notebook',
                  expressions: { role_arn: { references: ['aws_iam_role.r', 'each.key'] } },
                  module: { resources: [{ address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references: ['var.role_arn'] } } }] },
                },
              ]),
            ),
          },
        },
      },
    );
    const call = (name: string, role: string) => [`module "${name}" {`, '  source   = "./notebook"', '  for_each = toset(["a"])', `  role_arn = ${role}`, '}'];
    const mainTf = [
      'resource "aws_iam_role" "r" {',
      '  for_each = toset(["a", "a-admin"])',
      '  name     = each.key',
      '}',
      ...call('admin', 'aws_iam_role.r["${each.key}-admin"].arn'),
      ...call('plain', 'aws_iam_role.r[each.key].arn'),
    ].join('\n');
    const notebookTf = 'variable "role_arn" {}\nresource "aws_sagemaker_notebook_instance" "nb" {\n  role_arn = var.role_arn\n}\n';
    const text = JSON.stringify(planned, null, 2);
    const usedBy = (parsed: ParsedWorld, call: string) => parsed.edges.filter((edge) => edge.from === `module.${call}["a"].aws_sagemaker_notebook_instance.nb` && edge.kind === 'uses-role').map((edge) => edge.to);
    // The plan alone reads both as r[each.key].
    expect(usedBy(parseTerraformPlan('plan.json', text).worlds[0]!, 'admin')).toEqual(['aws_iam_role.r["a"]']);
    const directory = folder({ 'main.tf': mainTf, 'notebook/main.tf': notebookTf, 'plan.json': text });
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true }).worlds[0]!;
    expect(usedBy(inFolder, 'admin')).toEqual(['aws_iam_role.r["a-admin"]']);
    expect(usedBy(inFolder, 'plain')).toEqual(['aws_iam_role.r["a"]']);
  });

  it('reads each.value under a for_each set as the key beside the .tf folder, which shows the set the plan does not: aws_iam_role.r[each.value] is r[each.key]', () => {
    // As Terraform 1.11 plans them: no for_each_expression for toset(["a"]), the references for the others, and a map's constant.
    const forEaches: Record<string, { tf: string; plan?: unknown }> = {
      literal: { tf: 'toset(["a"])' },
      listed: { tf: 'toset(var.names)', plan: { references: ['var.names'] } },
      set: { tf: 'var.set_names', plan: { references: ['var.set_names'] } },
      local: { tf: 'toset(local.names)', plan: { references: ['local.names'] } },
      through_local: { tf: 'local.name_set', plan: { references: ['local.name_set'] } },
      // each.value is "b" for the key "a", not the key: the plan holds the constant map, and r[each.value] is r["b"].
      map: { tf: '{ a = "b" }', plan: { constant_value: { a: 'b' } } },
      // A map built from the list, which the plan lists as it lists toset(var.names).
      built: { tf: '{ for n in var.names : n => "b" }', plan: { references: ['var.names'] } },
    };
    const notebooks = [...Object.keys(forEaches), 'derived'];
    const planned = plan(
      [
        { address: 'aws_iam_role.r["a"]', values: { name: 'a', assume_role_policy: lambdaTrust } },
        { address: 'aws_iam_role.r["b"]', values: { name: 'b', assume_role_policy: sagemakerTrust } },
        { address: 'aws_iam_role.r["a-admin"]', values: { name: 'a-admin', assume_role_policy: sagemakerTrust } },
        ...notebooks.map((name) => ({ address: `aws_sagemaker_notebook_instance.${name}["a"]`, values: { name }, unknown: { role_arn: true } })),
        { address: 'module.nb["a"].aws_sagemaker_notebook_instance.nb', values: { name: 'nb' }, unknown: { role_arn: true } },
      ],
      {
        variables: { names: { value: ['a'] }, set_names: { value: ['a'] } },
        configuration: {
          root_module: {
            resources: [
              { address: 'aws_iam_role.r', for_each_expression: { constant_value: ['a', 'b', 'a-admin'] } },
              ...notebooks.map((name) => ({
                address: `aws_sagemaker_notebook_instance.${name}`,
                expressions: { role_arn: { references: ['aws_iam_role.r', 'each.value'] } },
                ...(forEaches[name]?.plan ? { for_each_expression: forEaches[name].plan } : {}),
              })),
            ],
            module_calls: {
              nb: {
                source: './notebook',
                expressions: { role_arn: { references: ['aws_iam_role.r', 'each.value'] } },
                module: { resources: [{ address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references: ['var.role_arn'] } } }] },
              },
            },
          },
        },
      },
    );
    const block = (name: string, forEach: string, role: string) => [`resource "aws_sagemaker_notebook_instance" "${name}" {`, `  for_each = ${forEach}`, `  role_arn = ${role}`, '}'];
    const mainTf = [
      'variable "names" {}',
      'variable "set_names" {',
      '  type = set(string)',
      '}',
      'locals {',
      '  names    = ["a"]',
      '  name_set = toset(local.names)',
      '}',
      ...Object.entries(forEaches).flatMap(([name, { tf }]) => block(name, tf, 'aws_iam_role.r[each.value].arn')),
      ...block('derived', 'toset(["a"])', 'aws_iam_role.r["${each.value}-admin"].arn'),
      'module "nb" {',
      '  source   = "./notebook"',
      '  for_each = toset(["a"])',
      '  role_arn = aws_iam_role.r[each.value].arn',
      '}',
    ].join('\n');
    const notebookTf = 'variable "role_arn" {}\nresource "aws_sagemaker_notebook_instance" "nb" {\n  role_arn = var.role_arn\n}\n';
    const text = JSON.stringify(planned, null, 2);
    const roles = (parsed: ParsedWorld) => Object.fromEntries(parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from, edge.to]));
    // The plan alone shows no set: each.value may be anything. It holds the constant map, but lists r[each.value] and
    // r["${each.value}-admin"] alike: beside the .tf, r[each.value] over the map is r["b"].
    const byMap = { 'aws_sagemaker_notebook_instance.map["a"]': 'aws_iam_role.r["b"]' };
    expect(roles(parseTerraformPlan('plan.json', text).worlds[0]!)).toEqual({});
    const directory = folder({ 'main.tf': mainTf, 'notebook/main.tf': notebookTf, 'plan.json': text });
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true }).worlds[0]!;
    expect(roles(inFolder)).toEqual({
      ...Object.fromEntries(['literal', 'listed', 'set', 'local', 'through_local'].map((name) => [`aws_sagemaker_notebook_instance.${name}["a"]`, 'aws_iam_role.r["a"]'])),
      'module.nb["a"].aws_sagemaker_notebook_instance.nb': 'aws_iam_role.r["a"]',
      ...byMap,
    });
  });

  it("locates inside a heredoc policy column by column where the line holds the owner's account (read as a longer symbol) and $${ escapes (read one shorter)", async () => {
    const statement = (account: string, escape: string) => `    {"Sid": "${escape}{aws:username}", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${account}:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-*"}}}`;
    const policy = (account: string, escape: string) => ['{', '  "Version": "2012-10-17",', '  "Statement": [', statement(account, escape), '  ]', '}', ''].join('\n');
    const identity = { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: { account_id: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, id: ACCOUNT }, sensitive_values: {} };
    const planned = plan([{ address: 'aws_iam_role.h', values: { name: 'h', assume_role_policy: policy(ACCOUNT, '$') } }], { prior_state: { format_version: '1.0', values: { root_module: { resources: [identity] } } } });
    const mainTf = ['resource "aws_iam_role" "h" {', '  name               = "h"', '  assume_role_policy = <<EOF', policy(ACCOUNT, '$$') + 'EOF', '}', ''].join('\n');
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned) });
    const [finding] = (await scan([directory])).findings.filter((candidate) => candidate.ruleId === 'policy-wildcard-in-equals-operator');
    const line = mainTf.split('\n')[finding!.location.startLine - 1]!;
    expect(line.slice(finding!.location.startColumn - 1, finding!.location.endColumn - 1)).toBe('"aws:PrincipalOrgID": "o-*"');
  });

  it('finds the block of a set by the literals of the document its jsonencode writes, when nothing else it writes is literal', async () => {
    const document = (action: string) => JSON.stringify({ Statement: [{ Action: action, Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const block = (name: string, action: string) => [
      '  inline_policy {',
      `    name = var.${name}`,
      '    policy = jsonencode({',
      '      Version = "2012-10-17"',
      `      Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }]`,
      '    })',
      '  }',
    ];
    const mainTf = ['resource "aws_iam_role" "r" {', '  name = "r"', ...block('deploy', 'iam:PassRole'), ...block('read', 's3:GetObject'), '}', ''].join('\n');
    // The plan lists the set with read first.
    const planned = plan([{ address: 'aws_iam_role.r', values: { name: 'r', inline_policy: [{ name: 'read', policy: document('s3:GetObject') }, { name: 'deploy', policy: document('iam:PassRole') }] } }]);
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned, null, 2) });
    const [finding] = (await scan([directory])).findings.filter((candidate) => candidate.ruleId === 'identity-passrole-unscoped');
    expect(mainTf.split('\n')[finding!.location.startLine - 1]).toContain('iam:PassRole');
  });

  it('does not point at a literal the .tf writes where the plan holds another value (the files changed since the plan): the attribute is where it is written', async () => {
    const mainTf = [
      'resource "aws_iam_role" "r" {', // 1
      '  name = "r"',
      '  assume_role_policy = jsonencode({', // 3
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::210987654321:root" } }]',
      '  })',
      '}',
      '',
    ].join('\n');
    const planned = plan([{ address: 'aws_iam_role.r', values: { name: 'r', assume_role_policy: JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: '*' } }], Version: '2012-10-17' }) } }]);
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned, null, 2) });
    const [finding] = (await scan([directory])).findings.filter((candidate) => candidate.ruleId === 'trust-any-principal');
    expect([finding!.location.file.slice(directory.length + 1), finding!.location.startLine, finding!.location.startColumn]).toEqual(['main.tf', 3, 3]);
  });

  it('points at a statement jsonencode writes as the plan holds it (literals alone), and at its list where it holds another', async () => {
    const mainTf = (second: string) =>
      [
        'resource "aws_iam_policy" "p" {', // 1
        '  name = "p"',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [', // 5
        '      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::a/*" },',
        `      ${second},`, // 7
        '    ]',
        '  })',
        '}',
        '',
      ].join('\n');
    const statements = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a/*' }, { Effect: 'Allow', Action: 's3:ListAllMyBuckets' }];
    const planned = plan([{ address: 'aws_iam_policy.p', values: { name: 'p', policy: JSON.stringify({ Statement: statements, Version: '2012-10-17' }) } }]);
    const malformedAt = async (second: string) => {
      const directory = folder({ 'main.tf': mainTf(second), 'plan.json': JSON.stringify(planned, null, 2) });
      const found = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'policy-malformed');
      return found.map((finding) => [finding.location.file.slice(directory.length + 1), finding.location.startLine, finding.location.startColumn]);
    };
    expect(await malformedAt('{ Effect = "Allow", Action = "s3:ListAllMyBuckets" }')).toEqual([['main.tf', 7, 7]]);
    // Written otherwise since the plan: the element at that place is not known to be the planned one.
    expect(await malformedAt('{ Effect = "Allow", Action = "s3:ListBucket" }')).toEqual([['main.tf', 5, 5]]);
  });

  it('reads a deferred policy document in place of a policy only when the .tf writes the document as it is (also through tostring or try), not a text built from it (replace(...json, ...))', async () => {
    const statement = { actions: ['sts:AssumeRole'], condition: [], effect: null, not_actions: [], not_principals: [], not_resources: [], resources: [], sid: null, principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::<ACCOUNT_ID>:root'] }] };
    const planned = plan(
      [
        { address: 'data.aws_iam_policy_document.partner', values: { version: '2012-10-17', statement: [statement] }, actions: ['read'], unknown: { json: true } },
        { address: 'aws_iam_role.partner', values: { name: 'partner' }, unknown: { assume_role_policy: true, arn: true } },
      ],
      { configuration: { root_module: { resources: [{ address: 'aws_iam_role.partner', expressions: { assume_role_policy: { references: ['data.aws_iam_policy_document.partner.json', 'data.aws_iam_policy_document.partner'] } } }] } } },
    );
    const mainTf = (policy: string) =>
      [
        'data "aws_iam_policy_document" "partner" {',
        '  statement {',
        '    actions = ["sts:AssumeRole"]',
        '    principals {',
        '      type        = "AWS"',
        '      identifiers = ["arn:aws:iam::<ACCOUNT_ID>:root"]',
        '    }',
        '  }',
        '}',
        'resource "aws_iam_role" "partner" {',
        '  name               = "partner"',
        `  assume_role_policy = ${policy}`,
        '}',
      ].join('\n');
    const placeholders = async (policy: string) => {
      const directory = folder({ 'main.tf': mainTf(policy), 'plan.json': JSON.stringify(planned, null, 2) });
      return (await scan([directory])).findings.filter((finding) => finding.ruleId === 'policy-documentation-placeholder').map((finding) => finding.location.startLine);
    };
    expect(await placeholders('data.aws_iam_policy_document.partner.json')).toEqual([6]);
    expect(await placeholders('(data.aws_iam_policy_document.partner.json)')).toEqual([6]);
    // Terraform gives a template of one interpolation, a string converted to a string, and try's first value as they are.
    expect(await placeholders('"${data.aws_iam_policy_document.partner.json}"')).toEqual([6]);
    expect(await placeholders('tostring(data.aws_iam_policy_document.partner.json)')).toEqual([6]);
    expect(await placeholders('try(data.aws_iam_policy_document.partner.json, "{}")')).toEqual([6]);
    expect(await placeholders('replace(data.aws_iam_policy_document.partner.json, "<ACCOUNT_ID>", "210987654321")')).toEqual([]);
    expect(await placeholders('"${data.aws_iam_policy_document.partner.json}\\n"')).toEqual([]);
  });

  it('writes a trust fix in the syntax the .tf writes the policy in: an HCL object in jsonencode, condition blocks for a policy document, JSON text in a heredoc', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const heredoc = `${JSON.stringify(trust, null, 2)}\n`;
    const document = { version: '2012-10-17', statement: [{ actions: ['sts:AssumeRole'], condition: [], effect: 'Allow', not_actions: [], not_principals: [], not_resources: [], resources: [], sid: '', principals: [{ type: 'Service', identifiers: ['sagemaker.amazonaws.com'] }] }], json: JSON.stringify(trust) };
    const planned = plan([
      { address: 'aws_iam_role.encoded', values: { name: 'encoded', assume_role_policy: JSON.stringify(trust) } },
      { address: 'aws_iam_role.heredoc', values: { name: 'heredoc', assume_role_policy: heredoc } },
      { address: 'data.aws_iam_policy_document.trust', values: document, actions: ['read'] },
      { address: 'aws_iam_role.documented', values: { name: 'documented', assume_role_policy: JSON.stringify(trust) } },
    ]);
    const mainTf = [
      'resource "aws_iam_role" "encoded" {',
      '  name = "encoded"',
      '  assume_role_policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]',
      '  })',
      '}',
      'resource "aws_iam_role" "heredoc" {',
      '  name               = "heredoc"',
      '  assume_role_policy = <<EOF',
      `${heredoc}EOF`,
      '}',
      'data "aws_iam_policy_document" "trust" {',
      '  statement {',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["sagemaker.amazonaws.com"]',
      '    }',
      '  }',
      '}',
      'resource "aws_iam_role" "documented" {',
      '  name               = "documented"',
      '  assume_role_policy = data.aws_iam_policy_document.trust.json',
      '}',
      '',
    ].join('\n');
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned, null, 2) });
    const fixes = Object.fromEntries((await scan([directory])).findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => [finding.resource.address, finding.fix!.snippet.split('\n')[0]]));
    expect(fixes).toEqual({ 'aws_iam_role.encoded': 'Condition = {', 'aws_iam_role.heredoc': '"Condition": {', 'aws_iam_role.documented': 'condition {' });
  });

  it("reads a root variable's planned value as what a block writes: a statement a dynamic block writes is not taken for a static one that writes its principal from a variable", async () => {
    const statement = (type: string, identifiers: string[]) => ({ actions: ['sts:AssumeRole'], condition: [], effect: null, not_actions: [], not_principals: [], not_resources: [], principals: [{ identifiers, type }], resources: [], sid: null });
    const partner = 'arn:aws:iam::210987654321:root';
    const planned = plan(
      [
        { address: 'data.aws_iam_policy_document.open', values: { version: '2012-10-17', statement: [statement('AWS', ['*']), statement('AWS', [partner])] }, actions: ['read'], unknown: { json: true } },
        { address: 'aws_iam_role.open', values: { name: 'open' }, unknown: { assume_role_policy: true, arn: true } },
      ],
      {
        variables: { partner: { value: partner }, open_principals: { value: ['*'] } },
        configuration: { root_module: { resources: [{ address: 'aws_iam_role.open', expressions: { assume_role_policy: { references: ['data.aws_iam_policy_document.open.json', 'data.aws_iam_policy_document.open'] } } }] } },
      },
    );
    const mainTf = [
      'data "aws_iam_policy_document" "open" {', // 1
      '  dynamic "statement" {',
      '    for_each = var.open_principals',
      '    content {',
      '      actions = ["sts:AssumeRole"]', // 5
      '      principals {',
      '        type        = "AWS"',
      '        identifiers = [statement.value]',
      '      }',
      '    }', // 10
      '  }',
      '  statement {',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = "AWS"', // 15
      '      identifiers = [var.partner]',
      '    }',
      '  }',
      '}',
      'resource "aws_iam_role" "open" {', // 20
      '  name               = "open"',
      '  assume_role_policy = data.aws_iam_policy_document.open.json',
      '}',
      '',
    ].join('\n');
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned, null, 2) });
    const lines = (await scan([directory])).findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => finding.location.startLine);
    expect(lines).toEqual([8]);
  });

  it('chooses the instance by the referring one\'s key where the .tf text indexes with the key itself, though a variable is read beside it or the key is used elsewhere in the block', () => {
    const planned = plan(
      [
        { address: 'aws_iam_role.r["a"]', values: { name: 'a', assume_role_policy: sagemakerTrust } },
        { address: 'aws_iam_role.r["b"]', values: { name: 'b', assume_role_policy: sagemakerTrust } },
        { address: 'aws_iam_role.c[0]', values: { name: 'c0', assume_role_policy: sagemakerTrust } },
        { address: 'aws_iam_role.c[1]', values: { name: 'c1', assume_role_policy: sagemakerTrust } },
        { address: 'aws_sagemaker_notebook_instance.coalesced["a"]', values: { name: 'coalesced-a' }, unknown: { role_arn: true } },
        { address: 'aws_sagemaker_notebook_instance.counted[1]', values: { name: 'counted-1' }, unknown: { role_arn: true } },
        { address: 'aws_sagemaker_user_profile.up["a"]', values: { user_profile_name: 'up-a', domain_id: 'd-1', user_settings: [{ s3_output_path: 's3://out/a' }] }, unknown: { user_settings: [{ execution_role: true }] } },
      ],
      {
        variables: { role_arn: { value: null } },
        configuration: {
          root_module: {
            resources: [
              { address: 'aws_sagemaker_notebook_instance.coalesced', expressions: { role_arn: { references: ['var.role_arn', 'aws_iam_role.r', 'each.key'] } } },
              { address: 'aws_sagemaker_notebook_instance.counted', expressions: { role_arn: { references: ['aws_iam_role.c', 'count.index'] } } },
              { address: 'aws_sagemaker_user_profile.up', expressions: { user_settings: [{ execution_role: { references: ['aws_iam_role.r', 'each.key'] }, s3_output_path: { references: ['each.key'] } }] } },
            ],
          },
        },
      },
    );
    const mainTf = [
      'resource "aws_sagemaker_notebook_instance" "coalesced" {',
      '  for_each = toset(["a"])',
      '  role_arn = coalesce(var.role_arn, aws_iam_role.r[each.key].arn)',
      '}',
      'resource "aws_sagemaker_notebook_instance" "counted" {',
      '  count    = 2',
      '  role_arn = element(aws_iam_role.c[*].arn, count.index)',
      '}',
      'resource "aws_sagemaker_user_profile" "up" {',
      '  for_each = toset(["a"])',
      '  user_settings {',
      '    execution_role = aws_iam_role.r[each.key].arn',
      '    s3_output_path = "s3://out/${each.key}"',
      '  }',
      '}',
    ].join('\n');
    const text = JSON.stringify(planned, null, 2);
    const usedBy = (parsed: ParsedWorld, from: string) => parsed.edges.filter((edge) => edge.from === from && edge.kind === 'uses-role').map((edge) => edge.to);
    const directory = folder({ 'main.tf': mainTf, 'plan.json': text });
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true }).worlds[0]!;
    expect(usedBy(inFolder, 'aws_sagemaker_notebook_instance.coalesced["a"]')).toEqual(['aws_iam_role.r["a"]']);
    expect(usedBy(inFolder, 'aws_sagemaker_notebook_instance.counted[1]')).toEqual(['aws_iam_role.c[1]']);
    expect(usedBy(inFolder, 'aws_sagemaker_user_profile.up["a"]')).toEqual(['aws_iam_role.r["a"]']);
    // The plan alone tells coalesce(var.role_arn, r[each.key]) from r[var.roles[each.key]] by the variable's planned value:
    // no key can be looked up in a string or null.
    expect(usedBy(parseTerraformPlan('plan.json', text).worlds[0]!, 'aws_sagemaker_notebook_instance.coalesced["a"]')).toEqual(['aws_iam_role.r["a"]']);
    const withMap = JSON.stringify({ ...planned, variables: { role_arn: { value: { a: 'b' } } } });
    expect(usedBy(parseTerraformPlan('plan.json', withMap).worlds[0]!, 'aws_sagemaker_notebook_instance.coalesced["a"]')).toEqual([]);
  });

  it("keeps a role's inline policy that a dynamic block of its .tf writes (the plan's configuration leaves dynamic blocks out), though a policy resource of that name goes", async () => {
    const star = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const planned = plan([
      { address: 'aws_iam_role.r', actions: ['update'], values: { name: 'r', assume_role_policy: sagemakerTrust, inline_policy: [{ name: 'p', policy: star }] } },
      { address: 'aws_iam_role_policy.p', actions: ['delete'], before: { name: 'p', role: 'r', policy: star } },
    ], { configuration: { root_module: { resources: [{ address: 'aws_iam_role.r', expressions: { name: { constant_value: 'r' } } }] } } });
    const mainTf = [
      'resource "aws_iam_role" "r" {',
      '  name               = "r"',
      '  assume_role_policy = var.trust',
      ...dynamicInlinePolicy('var.policies'),
      '}',
      '',
    ].join('\n');
    const admins = async (files: Record<string, string>) => (await scan([folder(files)])).findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.resource.address);
    expect(await admins({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned, null, 2) })).toEqual(['aws_iam_role.r']);
    // The plan alone shows no configuration for it: the copy is read as the provider's.
    expect(await admins({ 'plan.json': JSON.stringify(planned, null, 2) })).toEqual([]);
  });

  it("links an open execution role that a dynamic block's content writes as the .tf writes it (the plan's configuration leaves dynamic blocks out), itself or as the iterator's value over elements written out", () => {
    const domains = ['direct', 'iterated'];
    const planned = plan(
      [
        { address: 'aws_iam_role.lambda', values: { name: 'lambda', assume_role_policy: lambdaTrust } },
        ...domains.map((name) => ({ address: `aws_sagemaker_domain.${name}`, values: { domain_name: name, default_user_settings: [{}] }, unknown: { default_user_settings: [{ execution_role: true }] } })),
      ],
      { configuration: { root_module: { resources: [{ address: 'aws_iam_role.lambda', expressions: { name: { constant_value: 'lambda' } } }, ...domains.map((name) => ({ address: `aws_sagemaker_domain.${name}`, expressions: { domain_name: { constant_value: name } } }))] } } },
    );
    const domain = (name: string, forEach: string, role: string) =>
      [`resource "aws_sagemaker_domain" "${name}" {`, `  domain_name = "${name}"`, '  dynamic "default_user_settings" {', `    for_each = ${forEach}`, '    content {', `      execution_role = ${role}`, '    }', '  }', '}', ''].join('\n');
    const directory = folder({
      'main.tf': ['resource "aws_iam_role" "lambda" {', '  name = "lambda"', '}', '', domain('direct', 'var.studio ? [1] : []', 'aws_iam_role.lambda.arn'), domain('iterated', '{ main = aws_iam_role.lambda.arn }', 'default_user_settings.value')].join('\n'),
    });
    const text = JSON.stringify(planned, null, 2);
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    const roles = (parsed: ParsedWorld) => parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from, edge.via, edge.to]);
    expect(roles(inFolder.worlds[0]!)).toEqual([
      ['aws_sagemaker_domain.direct', ['default_user_settings', 0, 'execution_role'], 'aws_iam_role.lambda'],
      ['aws_sagemaker_domain.iterated', ['default_user_settings', 0, 'execution_role'], 'aws_iam_role.lambda'],
    ]);
    // The plan alone does not show what the dynamic block writes: the role stays unknown.
    expect(roles(world(planned))).toEqual([]);
  });

  it('links an open role or policy attribute only where the .tf writes the value itself, not another value built from it with the same references; the plan alone links both', () => {
    const roleArn = { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] };
    // Terraform gives a template of one interpolation, a string converted to a string, a choice among values, a text
    // formatted as it is and a list of one joined as the value itself.
    const itself: Record<string, string> = {
      written: 'aws_iam_role.exec.arn',
      interpolated: '"${aws_iam_role.exec.arn}"',
      converted: 'tostring(aws_iam_role.exec.arn)',
      chosen: 'try(aws_iam_role.exec.arn, null)',
      formatted_alone: 'format("%s", aws_iam_role.exec.arn)',
      joined_alone: 'join("/", [aws_iam_role.exec.arn])',
    };
    const built: Record<string, string> = {
      suffixed: '"${aws_iam_role.exec.arn}-v2"',
      replaced: 'replace(aws_iam_role.exec.arn, "exec", "other")',
      formatted: 'format("%s-v2", aws_iam_role.exec.arn)',
      joined: 'join("/", [aws_iam_role.exec.arn, "v2"])',
    };
    const notebooks = { ...itself, ...built };
    const domains: Record<string, string> = { dynamic_itself: 'aws_iam_role.exec.arn', dynamic_built: '"${aws_iam_role.exec.arn}-v2"' };
    const lists: Record<string, string> = { listed: '[aws_iam_policy.listed.arn]', listed_built: '[replace(aws_iam_policy.listed_built.arn, "p", "q")]' };
    const planned = plan(
      [
        { address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: sagemakerTrust }, unknown: { arn: true } },
        ...Object.keys(lists).map((name) => ({ address: `aws_iam_policy.${name}`, values: { name, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }, unknown: { arn: true } })),
        ...Object.keys(notebooks).map((name) => ({ address: `aws_sagemaker_notebook_instance.${name}`, values: { name }, unknown: { role_arn: true } })),
        ...['each_value', 'each_value_built'].map((name) => ({ address: `aws_sagemaker_notebook_instance.${name}["a"]`, values: { name: `${name}-a` }, unknown: { role_arn: true } })),
        ...Object.keys(domains).map((name) => ({ address: `aws_sagemaker_domain.${name}`, values: { domain_name: name, default_user_settings: [{}] }, unknown: { default_user_settings: [{ execution_role: true }] } })),
        ...Object.keys(lists).map((name) => ({ address: `aws_iam_role_policy_attachments_exclusive.${name}`, values: { role_name: 'exec' }, unknown: { policy_arns: [true] } })),
      ],
      {
        configuration: {
          root_module: {
            resources: [
              ...Object.keys(notebooks).map((name) => ({ address: `aws_sagemaker_notebook_instance.${name}`, expressions: { role_arn: roleArn } })),
              ...['each_value', 'each_value_built'].map((name) => ({ address: `aws_sagemaker_notebook_instance.${name}`, for_each_expression: roleArn, expressions: { role_arn: { references: ['each.value'] } } })),
              // The configuration leaves out what a dynamic block writes.
              ...Object.keys(domains).map((name) => ({ address: `aws_sagemaker_domain.${name}`, expressions: { domain_name: { constant_value: name } } })),
              ...Object.keys(lists).map((name) => ({ address: `aws_iam_role_policy_attachments_exclusive.${name}`, expressions: { role_name: { constant_value: 'exec' }, policy_arns: { references: [`aws_iam_policy.${name}.arn`, `aws_iam_policy.${name}`] } } })),
            ],
          },
        },
      },
    );
    const mainTf = [
      ...Object.entries(notebooks).map(([name, role]) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  name     = "${name}"\n  role_arn = ${role}\n}`),
      ...Object.entries({ each_value: 'each.value', each_value_built: 'replace(each.value, "exec", "other")' }).map(
        ([name, role]) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  for_each = { a = aws_iam_role.exec.arn }\n  name     = "${name}-\${each.key}"\n  role_arn = ${role}\n}`,
      ),
      ...Object.entries(domains).map(([name, role]) => `resource "aws_sagemaker_domain" "${name}" {\n  domain_name = "${name}"\n  dynamic "default_user_settings" {\n    for_each = [1]\n    content {\n      execution_role = ${role}\n    }\n  }\n}`),
      ...Object.entries(lists).map(([name, arns]) => `resource "aws_iam_role_policy_attachments_exclusive" "${name}" {\n  role_name   = "exec"\n  policy_arns = ${arns}\n}`),
      '',
    ].join('\n');
    const text = JSON.stringify(planned, null, 2);
    const directory = folder({ 'main.tf': mainTf, 'plan.json': text });
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    // Who uses the role, and what attaches the policy to it.
    const linked = (parsed: ParsedWorld) => parsed.edges.filter((edge) => edge.kind === 'uses-role' || edge.kind === 'attached-policy').map((edge) => edge.holder ?? edge.from).sort();
    const notebook = (name: string) => `aws_sagemaker_notebook_instance.${name}`;
    expect(linked(inFolder.worlds[0]!)).toEqual([...Object.keys(itself).map(notebook), notebook('each_value["a"]'), 'aws_iam_role_policy_attachments_exclusive.listed', 'aws_sagemaker_domain.dynamic_itself'].sort());
    // The plan alone does not tell them apart, and shows no dynamic block.
    expect(linked(world(planned))).toEqual([...Object.keys(notebooks).map(notebook), notebook('each_value["a"]'), notebook('each_value_built["a"]'), ...Object.keys(lists).map((name) => `aws_iam_role_policy_attachments_exclusive.${name}`)].sort());
  });

  it('links an open role passed on through a module output, a module input, a local value or a for_each entry only where the .tf writes what is read there as the value itself, not a value built from it; the plan alone links what it did', () => {
    const exec = ['aws_iam_role.exec.arn', 'aws_iam_role.exec'];
    const inner = ['aws_iam_role.inner.arn', 'aws_iam_role.inner'];
    // The notebooks of the root module, with the references Terraform lists for their role_arn and the .tf expression.
    const rootNotebooks: Record<string, { references: string[]; written: string }> = {
      output_itself: { references: ['module.team.role_arn', 'module.team'], written: 'module.team.role_arn' },
      output_built: { references: ['module.team.role_arn_v2', 'module.team'], written: 'module.team.role_arn_v2' },
      // An object written out is read where the reference reads into it.
      output_item: { references: ['module.team.settings.role', 'module.team.settings', 'module.team'], written: 'module.team.settings.role' },
      output_item_built: { references: ['module.team.settings.name', 'module.team.settings', 'module.team'], written: 'module.team.settings.name' },
      local_itself: { references: ['local.exec_arn'], written: 'local.exec_arn' },
      local_built: { references: ['local.exec_v2'], written: 'local.exec_v2' },
      local_item: { references: ['local.settings.role', 'local.settings'], written: 'local.settings.role' },
      local_item_built: { references: ['local.settings.name', 'local.settings'], written: 'local.settings.name' },
      // A local that passes another on whole is read on where the reference reads into it.
      local_chained: { references: ['local.settings_copy.role', 'local.settings_copy'], written: 'local.settings_copy.role' },
    };
    const eachNotebooks: Record<string, { forEach: string[]; forEachWritten: string; references: string[]; written: string; keys: string[] }> = {
      each: { forEach: [...exec, ...exec], forEachWritten: '{ itself = aws_iam_role.exec.arn, built = "${aws_iam_role.exec.arn}-v2" }', references: ['each.value'], written: 'each.value', keys: ['itself', 'built'] },
      each_item: { forEach: [...exec, 'aws_iam_role.exec.name', 'aws_iam_role.exec'], forEachWritten: '{ a = { role = aws_iam_role.exec.arn, name = "${aws_iam_role.exec.name}-a" } }', references: ['each.value.role', 'each.value'], written: 'each.value.role', keys: ['a'] },
      each_item_built: { forEach: [...exec, 'aws_iam_role.exec.name', 'aws_iam_role.exec'], forEachWritten: '{ a = { role = aws_iam_role.exec.arn, name = "${aws_iam_role.exec.name}-a" } }', references: ['each.value.name', 'each.value'], written: 'each.value.name', keys: ['a'] },
    };
    // Module calls of ./notebook, whose notebook's role_arn is var.role_arn; `edited` writes other references than the plan lists.
    const inputs: Record<string, string> = { input_itself: 'aws_iam_role.exec.arn', input_built: '"${aws_iam_role.exec.arn}-v2"', input_edited: '"${aws_iam_role.other.arn}-v2"' };
    const notebookModule = { resources: [{ address: 'aws_sagemaker_notebook_instance.this', expressions: { name: { constant_value: 'nb' }, role_arn: { references: ['var.role_arn'] } } }] };
    const notebook = (address: string) => ({ address, values: { name: 'nb' }, unknown: { role_arn: true } });
    const planned = plan(
      [
        { address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: sagemakerTrust }, unknown: { arn: true } },
        { address: 'module.team.aws_iam_role.inner', values: { name: 'inner', assume_role_policy: sagemakerTrust }, unknown: { arn: true } },
        ...Object.keys(rootNotebooks).map((name) => notebook(`aws_sagemaker_notebook_instance.${name}`)),
        ...Object.entries(eachNotebooks).flatMap(([name, { keys }]) => keys.map((key) => notebook(`aws_sagemaker_notebook_instance.${name}["${key}"]`))),
        ...Object.keys(inputs).map((name) => notebook(`module.${name}.aws_sagemaker_notebook_instance.this`)),
        ...['itself', 'built'].map((key) => notebook(`module.teams["${key}"].aws_sagemaker_notebook_instance.this`)),
      ],
      {
        configuration: {
          root_module: {
            resources: [
              { address: 'aws_iam_role.exec', expressions: { name: { constant_value: 'exec' } } },
              ...Object.entries(rootNotebooks).map(([name, { references }]) => ({ address: `aws_sagemaker_notebook_instance.${name}`, expressions: { name: { constant_value: 'nb' }, role_arn: { references } } })),
              ...Object.entries(eachNotebooks).map(([name, { forEach, references }]) => ({ address: `aws_sagemaker_notebook_instance.${name}`, for_each_expression: { references: forEach }, expressions: { name: { constant_value: 'nb' }, role_arn: { references } } })),
            ],
            module_calls: {
              team: {
                source: './team',
                module: {
                  resources: [{ address: 'aws_iam_role.inner', expressions: { name: { constant_value: 'inner' } } }],
                  outputs: { role_arn: { expression: { references: inner } }, role_arn_v2: { expression: { references: inner } }, settings: { expression: { references: [...inner, 'aws_iam_role.inner.name', 'aws_iam_role.inner'] } } },
                },
              },
              ...Object.fromEntries(Object.keys(inputs).map((name) => [name, { source: './notebook', expressions: { role_arn: { references: exec } }, module: notebookModule }])),
              teams: { source: './notebook', for_each_expression: { references: [...exec, ...exec] }, expressions: { role_arn: { references: ['each.value'] } }, module: notebookModule },
            },
          },
        },
      },
    );
    const mainTf = [
      'locals {',
      '  exec_arn      = aws_iam_role.exec.arn',
      '  exec_v2       = "${aws_iam_role.exec.arn}-v2"',
      '  settings      = { role = aws_iam_role.exec.arn, name = "${aws_iam_role.exec.name}-nb" }',
      '  settings_copy = local.settings',
      '}',
      'resource "aws_iam_role" "exec" {\n  name = "exec"\n}',
      ...Object.entries(rootNotebooks).map(([name, { written }]) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  name     = "nb"\n  role_arn = ${written}\n}`),
      ...Object.entries(eachNotebooks).map(([name, { forEachWritten, written }]) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  for_each = ${forEachWritten}\n  name     = "nb"\n  role_arn = ${written}\n}`),
      'module "team" {\n  source = "./team"\n}',
      ...Object.entries(inputs).map(([name, written]) => `module "${name}" {\n  source   = "./notebook"\n  role_arn = ${written}\n}`),
      'module "teams" {\n  source   = "./notebook"\n  for_each = { itself = aws_iam_role.exec.arn, built = "${aws_iam_role.exec.arn}-v2" }\n  role_arn = each.value\n}',
      '',
    ].join('\n');
    const teamTf = [
      'resource "aws_iam_role" "inner" {\n  name = "inner"\n}',
      'output "role_arn" {\n  value = aws_iam_role.inner.arn\n}',
      'output "role_arn_v2" {\n  value = "${aws_iam_role.inner.arn}-v2"\n}',
      'output "settings" {\n  value = { role = aws_iam_role.inner.arn, name = "${aws_iam_role.inner.name}-nb" }\n}',
      '',
    ].join('\n');
    const notebookTf = 'variable "role_arn" {}\n\nresource "aws_sagemaker_notebook_instance" "this" {\n  name     = "nb"\n  role_arn = var.role_arn\n}\n';
    const text = JSON.stringify(planned, null, 2);
    const directory = folder({ 'main.tf': mainTf, 'team/main.tf': teamTf, 'notebook/main.tf': notebookTf, 'plan.json': text });
    const inFolder = parseTerraformPlan(join(directory, 'plan.json'), text, { terraformFolder: { absolute: directory, display: directory }, readable: () => true });
    expect(inFolder.errors).toEqual([]);
    const roleOf = (parsed: ParsedWorld) => Object.fromEntries(parsed.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from.replace('aws_sagemaker_notebook_instance.', ''), edge.to]));
    expect(roleOf(inFolder.worlds[0]!)).toEqual({
      output_itself: 'module.team.aws_iam_role.inner',
      output_item: 'module.team.aws_iam_role.inner',
      local_itself: 'aws_iam_role.exec',
      local_item: 'aws_iam_role.exec',
      local_chained: 'aws_iam_role.exec',
      'each["itself"]': 'aws_iam_role.exec',
      'each_item["a"]': 'aws_iam_role.exec',
      'module.input_itself.this': 'aws_iam_role.exec',
      // The .tf is not the one the plan was made from: the plan's references are read.
      'module.input_edited.this': 'aws_iam_role.exec',
      'module.teams["itself"].this': 'aws_iam_role.exec',
    });
    // The plan alone lists the same references for a value and one built from it, and does not show what a local or a
    // for_each entry of several references reads.
    expect(roleOf(world(planned))).toEqual({
      output_itself: 'module.team.aws_iam_role.inner',
      output_built: 'module.team.aws_iam_role.inner',
      output_item: 'module.team.aws_iam_role.inner',
      output_item_built: 'module.team.aws_iam_role.inner',
      'module.input_itself.this': 'aws_iam_role.exec',
      'module.input_built.this': 'aws_iam_role.exec',
      'module.input_edited.this': 'aws_iam_role.exec',
    });
  });

  it('reads a pipeline definition the plan knows only after apply as the .tf writes it in jsonencode: literals, and each reference as the one resource it names, located where written', () => {
    // As Terraform lists them: `var.suffix` is written twice.
    const definitionReferences = ['aws_iam_role.step.arn', 'aws_iam_role.step', 'var.suffix', 'var.suffix'];
    const planned = (references: string[]) =>
      plan(
        [
          { address: 'aws_iam_role.step', values: { name: 'step', assume_role_policy: sagemakerTrust } },
          { address: 'aws_sagemaker_pipeline.p', values: { pipeline_name: 'p' }, unknown: { pipeline_definition: true, role_arn: true } },
        ],
        { configuration: { root_module: { resources: [{ address: 'aws_sagemaker_pipeline.p', expressions: { pipeline_name: { constant_value: 'p' }, pipeline_definition: { references } } }] } } },
      );
    const mainTf = [
      'resource "aws_iam_role" "step" {',
      '  name = "step"',
      '}',
      '',
      'resource "aws_sagemaker_pipeline" "p" {',
      '  pipeline_name = "p"',
      '  pipeline_definition = jsonencode({',
      '    Steps = [{',
      '      Name      = "Train"',
      '      Type      = "Training"',
      '      Arguments = {',
      '        RoleArn          = aws_iam_role.step.arn',
      '        OutputDataConfig = { S3OutputPath = "s3://models/${var.suffix}" }',
      '        Tags             = { (var.suffix) = "a" }',
      '      }',
      '    }]',
      '  })',
      '}',
      '',
    ].join('\n');
    const directory = folder({ 'main.tf': mainTf });
    const read = (document: Record<string, unknown>, inFolder = true) =>
      resource(parseTerraformPlan(join(directory, 'plan.json'), JSON.stringify(document, null, 2), inFolder ? { terraformFolder: { absolute: directory, display: directory }, readable: () => true } : {}).worlds[0]!, 'aws_sagemaker_pipeline.p');
    const pipeline = read(planned(definitionReferences));
    const step = ((pipeline.properties as Record<string, Record<string, unknown[]>>).pipeline_definition!.Steps![0]) as Record<string, Record<string, unknown>>;
    expect([step.Name, step.Type, step.Arguments!.RoleArn]).toEqual(['Train', 'Training', refMarker('aws_iam_role.step', 'arn')]);
    // A template, and an object with a computed key, are not known.
    expect(step.Arguments!.OutputDataConfig).toEqual({ S3OutputPath: expect.any(Unresolved) });
    expect(step.Arguments!.Tags).toBeInstanceOf(Unresolved);
    expect(pipeline.locator.locate(['pipeline_definition', 'Steps', 0, 'Arguments', 'RoleArn']).startLine).toBe(12);
    // A .tf that makes other references than the plan's configuration lists is not the one the plan was made from.
    expect((read(planned(['aws_iam_role.step.arn', 'aws_iam_role.step'])).properties as Record<string, unknown>).pipeline_definition).toBeInstanceOf(Unresolved);
    // The plan alone says which resources the definition reads, not in which step or field.
    expect((read(planned(definitionReferences), false).properties as Record<string, unknown>).pipeline_definition).toBeInstanceOf(Unresolved);
  });

  it('reads a pipeline definition the plan knows only after apply through a local value the .tf writes, jsonencode(local.x) or a local of jsonencode({...}), located in the local', () => {
    const planned = (references: string[]) =>
      plan(
        [
          { address: 'aws_iam_role.step', values: { name: 'step', assume_role_policy: sagemakerTrust } },
          { address: 'aws_sagemaker_pipeline.p', values: { pipeline_name: 'p' }, unknown: { pipeline_definition: true, role_arn: true } },
        ],
        { configuration: { root_module: { resources: [{ address: 'aws_sagemaker_pipeline.p', expressions: { pipeline_name: { constant_value: 'p' }, pipeline_definition: { references } } }] } } },
      );
    const mainTf = (definition: string) =>
      [
        'locals {',
        '  definition = {',
        '    Version = "2020-12-01"',
        '    Steps = [{',
        '      Name      = "Train"',
        '      Type      = "Training"',
        '      Arguments = { RoleArn = aws_iam_role.step.arn }',
        '    }]',
        '  }',
        '  definition_json = jsonencode(local.definition)',
        '}',
        '',
        'resource "aws_sagemaker_pipeline" "p" {',
        '  pipeline_name       = "p"',
        `  pipeline_definition = ${definition}`,
        '}',
        '',
      ].join('\n');
    const read = (definition: string, references: string[], inFolder = true) => {
      const directory = folder({ 'main.tf': mainTf(definition) });
      const options = inFolder ? { terraformFolder: { absolute: directory, display: directory }, readable: () => true } : {};
      return resource(parseTerraformPlan(join(directory, 'plan.json'), JSON.stringify(planned(references), null, 2), options).worlds[0]!, 'aws_sagemaker_pipeline.p');
    };
    const stepOf = (pipeline: Resource) => ((pipeline.properties as Record<string, Record<string, unknown[]>>).pipeline_definition!.Steps![0]) as Record<string, Record<string, unknown>>;
    // Terraform lists `local.definition` alone for the attribute: what the local reads is in no plan.
    for (const [definition, references] of [['jsonencode(local.definition)', ['local.definition']], ['local.definition_json', ['local.definition_json']]] as const) {
      const pipeline = read(definition, [...references]);
      const step = stepOf(pipeline);
      expect([step.Name, step.Type, step.Arguments!.RoleArn]).toEqual(['Train', 'Training', refMarker('aws_iam_role.step', 'arn')]);
      expect(pipeline.locator.locate(['pipeline_definition', 'Steps', 0, 'Arguments', 'RoleArn']).startLine).toBe(7);
      // An attribute that reads another local than the plan lists is not the one the plan was made from.
      expect((read(definition, ['local.other']).properties as Record<string, unknown>).pipeline_definition).toBeInstanceOf(Unresolved);
      expect((read(definition, [...references], false).properties as Record<string, unknown>).pipeline_definition).toBeInstanceOf(Unresolved);
    }
    // A local no .tf file writes is not known.
    expect((read('jsonencode(local.missing)', ['local.missing']).properties as Record<string, unknown>).pipeline_definition).toBeInstanceOf(Unresolved);
    // A part of a local, read through the objects and tuples the local writes out, located there.
    const fromSteps = read('jsonencode({ Version = "2020-12-01", Steps = local.definition.Steps })', ['local.definition.Steps', 'local.definition']);
    expect(stepOf(fromSteps).Arguments!.RoleArn).toEqual(refMarker('aws_iam_role.step', 'arn'));
    expect(fromSteps.locator.locate(['pipeline_definition', 'Steps', 0, 'Arguments', 'RoleArn']).startLine).toBe(7);
    expect(fromSteps.locator.locate(['pipeline_definition', 'Steps', 0, 'Name']).startLine).toBe(5);
    const fromStep = read('jsonencode({ Version = "2020-12-01", Steps = [local.definition.Steps[0]] })', ['local.definition.Steps[0]', 'local.definition.Steps', 'local.definition']);
    expect(stepOf(fromStep).Arguments!.RoleArn).toEqual(refMarker('aws_iam_role.step', 'arn'));
    expect(fromStep.locator.locate(['pipeline_definition', 'Steps', 0, 'Type']).startLine).toBe(6);
    // merge() of objects: each key from the last argument that writes it, a null argument giving none.
    const stepReferences = ['local.definition.Steps[0]', 'local.definition.Steps', 'local.definition'];
    const merged = stepOf(read('jsonencode({ Version = "2020-12-01", Steps = [merge(local.definition.Steps[0], null, { Name = "Other" })] })', stepReferences));
    expect([merged.Name, merged.Type, merged.Arguments!.RoleArn]).toEqual(['Other', 'Training', refMarker('aws_iam_role.step', 'arn')]);
    // An argument that is not an object written out (a resource read whole) may hold any key: nothing is known.
    const mergedWithResource = read('jsonencode({ Version = "2020-12-01", Steps = [merge(local.definition.Steps[0], aws_iam_role.step)] })', [...stepReferences, 'aws_iam_role.step']);
    expect(((mergedWithResource.properties as Record<string, Record<string, unknown[]>>).pipeline_definition!.Steps![0])).toBeInstanceOf(Unresolved);
  });

  it('reads a pipeline definition the plan knows only after apply that templatefile() renders as the .tf calls it: each variable as written, located in the template file', () => {
    const planned = (references: string[]) =>
      plan(
        [
          { address: 'aws_iam_role.step', values: { name: 'step', assume_role_policy: sagemakerTrust } },
          { address: 'aws_sagemaker_pipeline.p', values: { pipeline_name: 'p' }, unknown: { pipeline_definition: true, role_arn: true } },
        ],
        { configuration: { root_module: { resources: [{ address: 'aws_sagemaker_pipeline.p', expressions: { pipeline_name: { constant_value: 'p' }, pipeline_definition: { references } } }] } } },
      );
    const template = ['{', '  "Version": "2020-12-01",', '  "Steps": [{', '    "Name": "${name}", "Type": "Training",', '    "Arguments": {"RoleArn": "${role}"}', '  }]', '}', ''].join('\n');
    const call = 'templatefile("${path.module}/defs/pipeline.json.tpl", { name = "Train", role = aws_iam_role.step.arn })';
    const read = (definition: string, references: string[], options: { inFolder?: boolean; readable?: boolean } = {}) => {
      const directory = folder({ 'main.tf': `locals {\n  rendered = ${call}\n}\n\nresource "aws_sagemaker_pipeline" "p" {\n  pipeline_name       = "p"\n  pipeline_definition = ${definition}\n}\n`, 'defs/pipeline.json.tpl': template });
      const inFolder = options.inFolder ?? true;
      const parseOptions = inFolder ? { terraformFolder: { absolute: directory, display: directory }, readable: (real: string) => options.readable !== false || !real.endsWith('.tpl') } : {};
      const parsed = parseTerraformPlan(join(directory, 'plan.json'), JSON.stringify(planned(references), null, 2), parseOptions);
      expect(parsed.errors).toEqual([]);
      return { pipeline: resource(parsed.worlds[0]!, 'aws_sagemaker_pipeline.p'), directory };
    };
    const definitionOf = (pipeline: Resource) => (pipeline.properties as Record<string, unknown>).pipeline_definition;
    const listed = ['path.module', 'aws_iam_role.step.arn', 'aws_iam_role.step'];
    const { pipeline, directory } = read(call, listed);
    const text = definitionOf(pipeline);
    expect(typeof text).toBe('string');
    expect(JSON.parse((text as string).replace(refMarker('aws_iam_role.step', 'arn'), 'ROLE'))).toEqual({ Version: '2020-12-01', Steps: [{ Name: 'Train', Type: 'Training', Arguments: { RoleArn: 'ROLE' } }] });
    // Where the text is written: the template file, line for line.
    expect(pipeline.locator.stringOrigin?.(['pipeline_definition'])).toMatchObject({ file: join(directory, 'defs', 'pipeline.json.tpl'), line: 1, column: 1 });
    // The same call written in a local value the attribute reads whole.
    expect(typeof definitionOf(read('local.rendered', ['local.rendered']).pipeline)).toBe('string');
    // Not known: a path built of another value, a file deputy does not read, the .tf edited since the plan, no .tf.
    expect(definitionOf(read(call.replace('${path.module}', '${var.dir}'), ['var.dir', ...listed.slice(1)]).pipeline)).toBeInstanceOf(Unresolved);
    expect(definitionOf(read(call, listed, { readable: false }).pipeline)).toBeInstanceOf(Unresolved);
    expect(definitionOf(read(call, ['path.module', 'aws_iam_role.other.arn', 'aws_iam_role.other']).pipeline)).toBeInstanceOf(Unresolved);
    expect(definitionOf(read(call, listed, { inFolder: false }).pipeline)).toBeInstanceOf(Unresolved);
  });

  it("reads the .tf for whether a role sets its policies: a dynamic block over a root variable planned empty sets none, one in .tf.json sets them, and a null the configuration shows stays null", async () => {
    const star = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const planned = (expressions: Record<string, unknown>, variables: Record<string, unknown>) =>
      JSON.stringify(plan([
        { address: 'aws_iam_role.r', actions: ['update'], values: { name: 'r', assume_role_policy: sagemakerTrust, inline_policy: [{ name: 'p', policy: star }], managed_policy_arns: [admin] } },
        { address: 'aws_iam_role_policy.p', actions: ['delete'], before: { name: 'p', role: 'r', policy: star } },
        { address: 'aws_iam_role_policy_attachment.admin', actions: ['delete'], before: { role: 'r', policy_arn: admin } },
      ], { variables, configuration: { root_module: { resources: [{ address: 'aws_iam_role.r', expressions: { name: { constant_value: 'r' }, ...expressions } }] } } }), null, 2);
    const findings = async (files: Record<string, string>) => (await scan([folder(files)])).findings.filter((finding) => ['identity-full-admin', 'sagemaker-execution-role-admin'].includes(finding.ruleId)).length;
    const hcl = ['resource "aws_iam_role" "r" {', '  name = "r"', '  managed_policy_arns = var.arns', ...dynamicInlinePolicy('var.policies'), '}', ''].join('\n');
    expect(await findings({ 'main.tf': hcl, 'plan.json': planned({ managed_policy_arns: { references: ['var.arns'] } }, { arns: { value: null }, policies: { value: {} } }) })).toBe(0);
    expect(await findings({ 'main.tf': hcl, 'plan.json': planned({ managed_policy_arns: { references: ['var.arns'] } }, { arns: { value: null }, policies: { value: { p: star } } }) })).toBe(1);
    const json = JSON.stringify({ resource: { aws_iam_role: { r: { name: 'r', dynamic: { inline_policy: { for_each: '${local.policies}', content: { name: '${inline_policy.key}', policy: '${inline_policy.value}' } } } } } } });
    expect(await findings({ 'main.tf.json': json, 'plan.json': planned({}, {}) })).toBe(1);
  });

  it("finds the block of a set by what it writes, not by the plan's position: Terraform orders sets its own way", async () => {
    const admin = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const logs = JSON.stringify({ Statement: [{ Action: 'logs:GetLogEvents', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const principals = (type: string, identifiers: string[]) => ({ identifiers, type });
    const statement = (sets: Record<string, unknown>) => ({ actions: ['sts:AssumeRole'], condition: [], effect: null, not_actions: [], not_principals: [], not_resources: [], principals: [], resources: [], sid: null, ...sets });
    const planned = plan(
      [
        // Written read-logs first; the plan lists the set admin first.
        { address: 'aws_iam_role.worker', values: { name: 'worker', inline_policy: [{ name: 'admin', policy: admin }, { name: 'read-logs', policy: logs }] } },
        // The principals set of the first statement is listed AWS first; the two statements differ only in their blocks.
        { address: 'data.aws_iam_policy_document.trust', values: { version: '2012-10-17', statement: [statement({ principals: [principals('AWS', ['*']), principals('Service', ['sagemaker.amazonaws.com'])] }), statement({ principals: [principals('Service', ['sagemaker.amazonaws.com'])], condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }] })] }, actions: ['read'], unknown: { json: true } },
        { address: 'aws_iam_role.exec', values: { name: 'exec' }, unknown: { assume_role_policy: true, arn: true } },
      ],
      { configuration: { root_module: { resources: [{ address: 'aws_iam_role.exec', expressions: { assume_role_policy: { references: ['data.aws_iam_policy_document.trust.json', 'data.aws_iam_policy_document.trust'] } } }] } } },
    );
    const mainTf = [
      'resource "aws_iam_role" "worker" {', //  1
      '  name = "worker"',
      '  inline_policy {',
      '    name   = "read-logs"',
      '    policy = data.aws_iam_policy_document.logs.json', //  5
      '  }',
      '  inline_policy {',
      '    name   = "admin"',
      '    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })',
      '  }', // 10
      '}',
      'data "aws_iam_policy_document" "trust" {',
      '  statement {',
      '    actions = ["sts:AssumeRole"]',
      '    principals {', // 15
      '      type        = "Service"',
      '      identifiers = ["sagemaker.amazonaws.com"]',
      '    }',
      '    principals {',
      '      type        = "AWS"', // 20
      '      identifiers = ["*"]',
      '    }',
      '  }',
      '  statement {',
      '    actions = ["sts:AssumeRole"]', // 25
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["sagemaker.amazonaws.com"]',
      '    }',
      '    condition {', // 30
      '      test     = "StringEquals"',
      '      variable = "aws:SourceAccount"',
      '      values   = [var.account]',
      '    }',
      '  }', // 35
      '}',
      'resource "aws_iam_role" "exec" {',
      '  name               = "exec"',
      '  assume_role_policy = data.aws_iam_policy_document.trust.json',
      '}',
    ].join('\n');
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned) });
    const located = (await scan([join(directory, 'plan.json')])).findings
      .filter((finding) => ['identity-full-admin', 'trust-any-principal', 'trust-service-without-source-condition'].includes(finding.ruleId))
      .map((finding) => [finding.ruleId, finding.location.startLine]);
    expect(located).toEqual([
      ['identity-full-admin', 9],
      ['trust-service-without-source-condition', 17],
      ['trust-any-principal', 21],
    ]);
  });

  it('reads the one declaration of a resource with each instance\'s own planned values', async () => {
    const admin = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const logs = JSON.stringify({ Statement: [{ Action: 'logs:GetLogEvents', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const role = (key: string, policies: Record<string, string>) => ({ address: `aws_iam_role.team["${key}"]`, values: { name: key, inline_policy: Object.entries(policies).map(([name, policy]) => ({ name, policy })) } });
    // The admin policy is the second element of both sets, written in another block for each.
    const mainTf = [
      'resource "aws_iam_role" "team" {', // 1
      '  for_each = toset(["a", "b"])',
      '  name     = each.key',
      '  inline_policy {',
      '    name   = "y"', // 5
      '    policy = each.key == "a" ? local.logs : local.admin',
      '  }',
      '  inline_policy {',
      '    name   = "x"',
      '    policy = each.key == "a" ? local.admin : local.logs', // 10
      '  }',
      '  dynamic "inline_policy" {',
      '    for_each = each.key == "a" ? { w = local.logs } : {}',
      '    content {',
      '      name   = inline_policy.key', // 15
      '      policy = inline_policy.value',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const planned = plan([role('a', { w: logs, x: admin, y: logs }), role('b', { x: logs, y: admin })]);
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned) });
    const located = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => [finding.resource.address, finding.location.startLine]);
    expect(located).toEqual([
      ['aws_iam_role.team["b"]', 6],
      ['aws_iam_role.team["a"]', 10],
    ]);
  });

  it('reads override files as Terraform merges them, and leaves a folder that writes other values than the plan for the plan', async () => {
    const role = (principal: string, name?: string) => `resource "aws_iam_role" "open" {\n${name ? `  name = "${name}"\n` : ''}  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = ${principal}, Action = "sts:AssumeRole" }]\n  })\n}\n`;
    const planned = JSON.stringify(plan([{ address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: trustWithStar } }]));
    const located = async (files: Record<string, string>) => {
      const directory = folder({ ...files, 'plan.json': planned });
      const result = await scan([join(directory, 'plan.json')]);
      return [result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.location.file.slice(directory.length + 1), finding.location.startLine]), result.notices.map((notice) => notice.message)];
    };
    // The override file, named before the primary one or after it, sets the policy; the primary one still declares the block.
    for (const override of ['a_override.tf', 'override.tf', 'zz_override.tf']) {
      expect(await located({ 'main.tf': role('{ Service = "ec2.amazonaws.com" }', 'open'), [override]: role('{ AWS = "*" }') })).toEqual([[[override, 4]], []]);
    }
    // Another project's role of the same address: its literal name is not the plan's.
    expect(await located({ 'main.tf': role('{ Service = "lambda.amazonaws.com" }', 'billing') })).toEqual([
      [['plan.json', 1]],
      [expect.stringMatching(/^the \.tf files write other values than the plan holds for aws_iam_role\.open \(name, in .*main\.tf\): findings on them point at the plan/)],
    ]);
  });

  it('leaves for the plan a resource whose .tf names another role than the plan\'s configuration, where the plan knows the role only after apply', async () => {
    // The .tf files were edited after the plan: aws_iam_role.r became aws_iam_role.r2 in three resources, not in the user profile.
    const result = await scan(['test/fixtures/trust-sagemaker-role-unassumable/tf-plan-folder-edited']);
    const located = result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable').map((finding) => `${finding.resource.address} ${basename(finding.location.file)}:${finding.location.startLine}`).sort();
    expect(located).toEqual(['aws_sagemaker_domain.d plan.json:1', 'aws_sagemaker_model.m plan.json:1', 'aws_sagemaker_pipeline.p plan.json:1', 'aws_sagemaker_user_profile.u main.tf:61']);
    expect(result.notices.map((notice) => notice.message)).toContainEqual(expect.stringMatching(/^the \.tf files write other values than the plan holds for aws_sagemaker_domain\.d \(default_user_settings\.execution_role, in .*\), aws_sagemaker_model\.m \(execution_role_arn, in .*\), aws_sagemaker_pipeline\.p \(role_arn, in .*\)/));
  });

  it('writes a fix in the syntax of the file that writes the setting, an override file\'s or the block\'s', async () => {
    const values = { name: 'n', role_arn: 'arn:aws:iam::111122223333:role/r', instance_type: 'ml.t3.medium', direct_internet_access: 'Enabled', root_access: 'Disabled', subnet_id: 'subnet-1', security_groups: ['sg-1'], kms_key_id: null };
    const notebook = 'resource "aws_sagemaker_notebook_instance" "n" {\n  name                   = "n"\n  role_arn               = "arn:aws:iam::111122223333:role/r"\n  instance_type          = "ml.t3.medium"\n  direct_internet_access = "Disabled"\n  root_access            = "Disabled"\n  subnet_id              = "subnet-1"\n  security_groups        = ["sg-1"]\n}\n';
    const directory = folder({ 'main.tf': notebook, 'override.tf.json': JSON.stringify({ resource: { aws_sagemaker_notebook_instance: { n: { direct_internet_access: 'Enabled' } } } }, null, 2), 'plan.json': JSON.stringify(plan([{ address: 'aws_sagemaker_notebook_instance.n', values }]), null, 2) });
    const result = await scan([join(directory, 'plan.json')]);
    const fixes = Object.fromEntries(result.findings.map((finding) => [finding.ruleId, [`${finding.location.file.slice(directory.length + 1)}:${finding.location.startLine}`, finding.fix?.snippet]]));
    expect(fixes['sagemaker-notebook-direct-internet']).toEqual(['override.tf.json:5', '"direct_internet_access": "Disabled"']);
    expect(fixes['sagemaker-notebook-no-kms']).toEqual(['main.tf:1', 'kms_key_id = aws_kms_key.notebook.arn']);
  });

  it('takes literals the plan shows otherwise for the same configuration as the plan\'s: null, an empty string, a repeated set element, an ignored change, a normalized document', async () => {
    const admin = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const values = { name: 'open', path: '/', description: null, max_session_duration: 3600, managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], assume_role_policy: trustWithStar, inline_policy: [{ name: 'admin', policy: admin }] };
    const planned = JSON.stringify(plan([{ address: 'aws_iam_role.open', values }]));
    const mainTf = [
      'resource "aws_iam_role" "open" {',
      '  name                 = "open"',
      '  path                 = null',
      '  description          = ""',
      '  max_session_duration = 7200',
      '  managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]',
      '  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })',
      '  lifecycle {',
      '    ignore_changes = [max_session_duration]',
      '  }',
      '  inline_policy {',
      '    name   = "admin"',
      '    policy = <<-EOF',
      '      {',
      '        "Version": "2012-10-17",',
      '        "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]',
      '      }',
      '    EOF',
      '  }',
      ...dynamicInlinePolicy('var.more'),
      '}',
    ].join('\n');
    const directory = folder({ 'main.tf': mainTf, 'plan.json': planned });
    const result = await scan([join(directory, 'plan.json')]);
    expect(result.notices).toEqual([]);
    // The admin policy is the written block's, not the dynamic block's, though the plan shows its text normalized (its
    // statement is found in the heredoc, which writes the same document).
    expect(result.findings.filter((finding) => ['trust-any-principal', 'identity-full-admin'].includes(finding.ruleId)).map((finding) => [finding.ruleId, finding.location.file.slice(directory.length + 1), finding.location.startLine])).toEqual([
      ['trust-any-principal', 'main.tf', 7],
      ['identity-full-admin', 'main.tf', 16],
    ]);
  });

  it('analyzes the local modules of a planned configuration only through the plan, and says when it cannot read one', async () => {
    const roleTf = `resource "aws_iam_role" "this" {\n  name               = "open"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })\n}\n`;
    const callTf = (source: string) => `module "role" {\n  source = "${source}"\n}\n`;
    const planned = (source: string) =>
      JSON.stringify(plan([{ address: 'module.role.aws_iam_role.this', values: { name: 'open', assume_role_policy: trustWithStar } }], { configuration: { root_module: { module_calls: { role: { source, module: { resources: [] } } } } } }));
    const found = (result: Awaited<ReturnType<typeof scan>>, base: string) => result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.resource.address, finding.location.file.slice(base.length + 1), finding.status ?? 'no status']);
    // The module, standing alone, would be analyzed as a root module of its own: a second finding, with no plan's status.
    const nested = folder({ 'main.tf': callTf('./modules/role'), 'modules/role/main.tf': roleTf, 'plan.json': planned('./modules/role') });
    const inFolder = await scan([nested]);
    expect(found(inFolder, nested)).toEqual([['module.role.aws_iam_role.this', 'modules/role/main.tf', 'new']]);
    expect(inFolder.notices.map((notice) => [notice.file.slice(nested.length + 1), notice.message])).toContainEqual(['modules/role', 'a local module of a configuration analyzed through its plan ' + join(nested, 'plan.json') + '; not analyzed as a root module']);
    // A module beside the root (envs/prod calls ../../modules/role): read when the scan holds it, else named in a notice.
    const siblings = folder({ 'envs/prod/main.tf': callTf('../../modules/role'), 'envs/prod/plan.json': planned('../../modules/role'), 'modules/role/main.tf': roleTf });
    expect(found(await scan([siblings]), siblings)).toEqual([['module.role.aws_iam_role.this', 'modules/role/main.tf', 'new']]);
    const planOnly = await scan([join(siblings, 'envs', 'prod', 'plan.json')]);
    expect(found(planOnly, siblings)).toEqual([['module.role.aws_iam_role.this', 'envs/prod/plan.json', 'new']]);
    expect(planOnly.notices.map((notice) => notice.message)).toEqual([`module folder ${join(siblings, 'modules', 'role')} is outside the scanned folders: findings on its resources point at the plan (scan a folder that holds it and the plan)`]);
    // A module folder with a plan of its own is that plan's root, whichever plan is read first.
    const ownPlan = folder({ 'envs/prod/main.tf': callTf('../../modules/role'), 'envs/prod/plan.json': planned('../../modules/role'), 'modules/role/main.tf': roleTf, 'modules/role/plan.json': JSON.stringify(plan([{ address: 'aws_iam_role.this', values: { name: 'open', assume_role_policy: trustWithStar } }])) });
    const both = await scan([ownPlan]);
    expect(both.notices.map((notice) => [notice.file.slice(ownPlan.length + 1), notice.message.replaceAll(ownPlan + '/', '')])).toEqual([
      ['envs/prod', 'analyzed through its plan envs/prod/plan.json; its .tf files are not analyzed again'],
      ['modules/role', 'analyzed through its plan modules/role/plan.json; its .tf files are not analyzed again'],
    ]);
    // A configuration without a plan that calls the same module still analyzes it as its own.
    const shared = folder({ 'envs/prod/main.tf': callTf('../../modules/role'), 'envs/prod/plan.json': planned('../../modules/role'), 'envs/dev/main.tf': callTf('../../modules/role'), 'modules/role/main.tf': roleTf });
    expect(found(await scan([shared]), shared)).toEqual([
      ['module.role.aws_iam_role.this', 'modules/role/main.tf', 'new'],
      ['module.role.aws_iam_role.this', 'modules/role/main.tf', 'no status'],
    ]);
  });

  it('analyzes the .tf files beside a plan on their own when the plan was made from another configuration', async () => {
    const roleTf = (label: string, name = label) => `resource "aws_iam_role" "${label}" {\n  name               = "${name}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })\n}\n`;
    const planned = JSON.stringify(
      plan([{ address: 'module.poc.aws_iam_role.this', values: { name: 'poc', assume_role_policy: trustWithStar } }], { configuration: { root_module: { module_calls: { poc: { source: './module', module: { resources: [] } } } } } }),
    );
    const found = (result: Awaited<ReturnType<typeof scan>>, base: string) => result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.resource.address, finding.location.file.slice(base.length + 1)]);
    // The folder declares none of what the plan's configuration names: both are read, the plan's findings in the plan.
    const elsewhere = folder({ 'main.tf': roleTf('open'), 'plan.json': planned });
    const result = await scan([elsewhere]);
    expect(found(result, elsewhere)).toEqual([
      ['aws_iam_role.open', 'main.tf'],
      ['module.poc.aws_iam_role.this', 'plan.json'],
    ]);
    expect(result.notices.map((notice) => notice.message)).toEqual([
      "the .tf files beside the plan declare none of the resources and module calls its configuration names, so it was not made from them: they are analyzed on their own, and findings on the plan's resources point at the plan",
    ]);
    // The plan scanned alone: its folder's .tf files are not, and the notice does not say they are.
    const alone = await scan([join(elsewhere, 'plan.json')]);
    expect(found(alone, elsewhere)).toEqual([['module.poc.aws_iam_role.this', 'plan.json']]);
    expect(alone.notices.map((notice) => notice.message)).toEqual([
      "the .tf files beside the plan declare none of the resources and module calls its configuration names, so it was not made from them: they are not analyzed (scan their folder to analyze them), and findings on the plan's resources point at the plan",
    ]);
    // A data source both declare says nothing: unrelated configurations read the same ones.
    const withData = (text: string) => `data "aws_partition" "current" {}\n${text}`;
    const sharedData = JSON.parse(planned) as { configuration: { root_module: Record<string, unknown> } };
    sharedData.configuration.root_module.resources = [{ address: 'data.aws_partition.current', mode: 'data', type: 'aws_partition', name: 'current', expressions: {} }];
    const unrelated = folder({ 'main.tf': withData(roleTf('open')), 'plan.json': JSON.stringify(sharedData) });
    expect(found(await scan([unrelated]), unrelated)).toEqual([
      ['aws_iam_role.open', 'main.tf'],
      ['module.poc.aws_iam_role.this', 'plan.json'],
    ]);
    // One resource or module call in common is enough for the plan to stand for the folder (the files may have changed since).
    const changed = folder({ 'main.tf': `${roleTf('open')}module "poc" {\n  source = "./module"\n}\n`, 'module/main.tf': roleTf('this', 'poc'), 'plan.json': planned });
    expect(found(await scan([changed]), changed)).toEqual([['module.poc.aws_iam_role.this', 'module/main.tf']]);
  });

  it('points inside the policy where the .tf file writes it: jsonencode keys and positions, a heredoc written as the plan shows it', async () => {
    const trust = (principal: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    const heredoc = (principal: string, first = '"Service": "ec2.amazonaws.com"') => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { ${first} },\n      "Action": "sts:AssumeRole"\n    },\n    {\n      "Effect": "Allow",\n      "Principal": { "AWS": "${principal}" },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}\n`;
    const ownAccount = heredoc('*', `"AWS": "arn:aws:iam::${ACCOUNT}:root"`);
    const indented = (text: string) => text.split('\n').map((line) => (line === '' ? line : `    ${line}`)).join('\n');
    const mainTf = [
      'resource "aws_iam_role" "encoded" {',
      '  name = "encoded"',
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [',
      '      { Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" },',
      '      {',
      '        Effect    = "Allow"',
      '        Principal = { AWS = "*" }',
      '        Action    = "sts:AssumeRole"',
      '      },',
      '    ]',
      '  })',
      '}',
      'resource "aws_iam_role" "heredoc" {',
      '  name               = "heredoc"',
      '  assume_role_policy = <<-EOF',
      `${indented(heredoc('*'))}  EOF`,
      '}',
      'resource "aws_iam_role" "interpolated" {',
      '  name               = "interpolated"',
      '  assume_role_policy = <<EOF',
      `${heredoc('${var.principal}')}EOF`,
      '}',
      'resource "aws_iam_role" "own_account" {',
      '  name               = "own_account"',
      '  assume_role_policy = <<EOF',
      `${ownAccount}EOF`,
      '}',
      '',
    ].join('\n');
    const document = plan([
      { address: 'aws_iam_role.encoded', values: { name: 'encoded', assume_role_policy: JSON.stringify(trust('*')) } },
      { address: 'aws_iam_role.heredoc', values: { name: 'heredoc', assume_role_policy: heredoc('*') } },
      { address: 'aws_iam_role.interpolated', values: { name: 'interpolated', assume_role_policy: heredoc('*') } },
      { address: 'aws_iam_role.own_account', values: { name: 'own_account', assume_role_policy: ownAccount } },
    ], { prior_state: { values: { root_module: { resources: [{ address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } }] } } } });
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(document, null, 2) });
    const result = await scan([join(directory, 'plan.json')]);
    const lineOf = (needle: string, after: string) => mainTf.slice(0, mainTf.indexOf(needle, mainTf.indexOf(after))).split('\n').length;
    const located = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => [finding.resource.address, finding.location.file.slice(directory.length + 1), finding.location.startLine]);
    expect(located('trust-any-principal')).toEqual([
      ['aws_iam_role.encoded', 'main.tf', lineOf('AWS = "*"', 'encoded')],
      ['aws_iam_role.heredoc', 'main.tf', lineOf('"AWS": "*"', '"heredoc"')],
      // Its text is not the plan's (the plan has the variable's value): the attribute, not a line inside.
      ['aws_iam_role.interpolated', 'main.tf', lineOf('assume_role_policy', '"interpolated"')],
      // The plan's text holds the owner's account as a symbol, the heredoc the literal account: still the text written.
      ['aws_iam_role.own_account', 'main.tf', lineOf('"AWS": "*"', '"own_account"')],
    ]);
  });

  it('points inside a policy file() reads, as the .tf files alone do, where the file holds the planned document, at the attribute where it does not', async () => {
    const trust = ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Principal": { "Service": "sagemaker.amazonaws.com" },', '      "Action": "sts:AssumeRole"', '    }', '  ]', '}', ''].join('\n');
    const mainTf = [
      'resource "aws_iam_role" "read" {',
      '  name               = "read"',
      '  assume_role_policy = file("${path.module}/trust.json")',
      '}',
      'resource "aws_iam_role" "edited" {',
      '  name               = "edited"',
      '  assume_role_policy = file("edited.json")',
      '}',
      '',
    ].join('\n');
    const planned = plan([
      { address: 'aws_iam_role.read', values: { name: 'read', assume_role_policy: trust } },
      { address: 'aws_iam_role.edited', values: { name: 'edited', assume_role_policy: trust } },
    ]);
    // The second file is edited since the plan was made: its document is not the plan's.
    const directory = folder({ 'main.tf': mainTf, 'trust.json': trust, 'edited.json': trust.replace('sts:AssumeRole"', 'sts:AssumeRole", "Sid": "Edited"'), 'plan.json': JSON.stringify(planned, null, 2) });
    const result = await scan([join(directory, 'plan.json')]);
    const located = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => [finding.resource.address, finding.location.file.slice(directory.length + 1), finding.location.startLine]);
    expect(located).toEqual([
      ['aws_iam_role.edited', 'main.tf', 7],
      ['aws_iam_role.read', 'trust.json', 6],
    ]);
  });

  it('points inside a policy templatefile() renders, as the .tf files alone do, where the rendering is the planned document, at the attribute where it is not', async () => {
    const template = ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Principal": { "Service": ${jsonencode(services)} },', '      "Action": "sts:AssumeRole"', '    }', '  ]', '}', ''].join('\n');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['sagemaker.amazonaws.com'] }, Action: 'sts:AssumeRole' }] });
    const mainTf = [
      'variable "services" {',
      '  type = list(string)',
      '}',
      'locals {',
      '  services = ["sagemaker.amazonaws.com"]',
      '}',
      'resource "aws_iam_role" "literal" {',
      '  name               = "literal"',
      '  assume_role_policy = templatefile("${path.module}/trust.tpl", { services = ["sagemaker.amazonaws.com"] })',
      '}',
      'resource "aws_iam_role" "local" {',
      '  name               = "local"',
      '  assume_role_policy = templatefile("${path.module}/trust.tpl", { services = local.services })',
      '}',
      'resource "aws_iam_role" "variable" {',
      '  name               = "variable"',
      '  assume_role_policy = templatefile("${path.module}/trust.tpl", { services = var.services })',
      '}',
      'resource "aws_iam_role" "edited" {',
      '  name               = "edited"',
      '  assume_role_policy = templatefile("${path.module}/trust.tpl", { services = ["sagemaker.amazonaws.com", "lambda.amazonaws.com"] })',
      '}',
      '',
    ].join('\n');
    const planned = plan(
      ['literal', 'local', 'variable', 'edited'].map((name) => ({ address: `aws_iam_role.${name}`, values: { name, assume_role_policy: trust } })),
      { variables: { services: { value: ['sagemaker.amazonaws.com'] } } },
    );
    // The last role's call is edited since the plan was made: its rendering is not the plan's.
    const directory = folder({ 'main.tf': mainTf, 'trust.tpl': template, 'plan.json': JSON.stringify(planned, null, 2) });
    const result = await scan([join(directory, 'plan.json')]);
    const located = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => [finding.resource.address, finding.location.file.slice(directory.length + 1), finding.location.startLine]);
    expect(located).toEqual([
      ['aws_iam_role.edited', 'main.tf', 21],
      ['aws_iam_role.literal', 'trust.tpl', 6],
      ['aws_iam_role.local', 'trust.tpl', 6],
      ['aws_iam_role.variable', 'trust.tpl', 6],
    ]);
  });

  it("points inside a template a module's inputs render and inside heredocs that interpolate, as the .tf files alone do, where the rendering is the planned document", async () => {
    // A real Terraform 1.11.4 plan beside the .tf it was made from: templatefile() and a heredoc in a module called with
    // a literal, a root variable, and each.value over a map of a local; a heredoc at the root reading a variable and a local.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-service-without-source-condition', 'tf-plan-module-template-heredoc');
    const files = ['main.tf', 'provider.tf', 'modules/role/main.tf', 'modules/role/trust.tpl'];
    const written = Object.fromEntries(files.map((name) => [name, readFileSync(join(directory, name), 'utf8')]));
    const rules = new Set(['trust-service-without-source-condition', 'trust-source-account-mismatch']);
    const located = async (path: string, root: string) =>
      (await scan([path])).findings
        .filter((finding) => rules.has(finding.ruleId))
        .map(({ ruleId, resource, location }) => [ruleId, resource.address, relative(root, location.file), location.startLine, location.startColumn, location.endLine, location.endColumn].join(' '))
        .sort();
    const alone = folder(written);
    const fromTf = await located(alone, alone);
    expect(fromTf.filter((line) => line.includes('trust.tpl'))).toHaveLength(6);
    expect(fromTf.filter((line) => / (main\.tf|modules\/role\/main\.tf) (20|24|38|42) /.test(line))).toHaveLength(8);
    expect(await located(directory, directory)).toEqual(fromTf);
    // Edited since the plan was made (another account written in the module and the root's local): at the attributes.
    const edited = folder({
      ...Object.fromEntries(Object.entries(written).map(([name, text]) => [name, text.replaceAll('222222222222', '555555555555').replace('"333333333333"', '"666666666666"')])),
      'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8'),
    });
    expect(new Set((await located(edited, edited)).map((line) => line.split(' ').slice(2, 4).join(':')))).toEqual(new Set(['main.tf:30', 'modules/role/main.tf:7', 'modules/role/main.tf:12']));
    // The plan read alone points into the plan.
    const planAlone = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
    expect(new Set((await located(join(planAlone, 'plan.json'), planAlone)).map((line) => line.split(' ')[2]))).toEqual(new Set(['plan.json']));
  });

  it('reads a trust policy known only at apply from the .tf as the .tf scan does: a heredoc interpolating an unknown, a module input known at apply, a for over instances, a templatefile() rendering one', async () => {
    // Real plans beside the .tf they were made from: the plan knows each policy only after apply. The findings, where
    // they point and their fixes are the .tf scan's; principals known only at apply fire nothing.
    const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
    const cases = [
      ['trust-service-without-source-condition', 'tf-plan-deferred-heredoc', ['main.tf', 'prov.tf'], 1],
      ['trust-service-without-source-condition', 'tf-plan-deferred-module-input', ['main.tf', 'prov.tf', 'mod/main.tf'], 2],
      ['trust-service-without-source-condition', 'tf-plan-deferred-for-instances', ['main.tf', 'prov.tf'], 2],
      ['trust-service-without-source-condition', 'tf-plan-deferred-unknown-condition', ['main.tf', 'prov.tf'], 0],
      ['trust-service-without-source-condition', 'tf-plan-deferred-template-file', ['main.tf', 'prov.tf', 'trust.json.tpl', 'guarded.json.tpl', 'mod/main.tf', 'mod/trust.json.tpl'], 2],
      ['trust-any-principal', 'tf-plan-deferred-unknown-principal', ['main.tf', 'prov.tf'], 1],
    ] as const;
    const findings = async (path: string, root: string) =>
      (await scan([path])).findings
        .filter((finding) => finding.ruleId.startsWith('trust-'))
        .map(({ ruleId, resource, location, fix }) => JSON.stringify([ruleId, resource.address, relative(root, location.file), location.startLine, location.startColumn, location.endLine, location.endColumn, fix?.description]))
        .sort();
    for (const [rule, name, files, count] of cases) {
      const directory = join(fixtures, rule, name);
      const alone = folder(Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
      // The .tf scan of the root folder alone (a module folder given as a path would be a root of its own too).
      const fromTf = await findings(alone, alone);
      expect(fromTf, name).toHaveLength(count);
      expect(await findings(directory, directory), name).toEqual(fromTf);
    }
  });

  it('locates and fixes a trust policy a module reads whole from an input (assume_role_policy = var.trust_policy) where each call writes it, as the .tf scan does, beside the folder or with --tf-dir', async () => {
    // A real Terraform 1.11.4 plan: module "open" passes jsonencode({...}) trusting SageMaker with no condition, module
    // "guarded" one with aws:SourceAccount, module "text" a heredoc with no condition. Each finding is at its call's
    // Principal (main.tf 11 and 39), not the module's assume_role_policy line, and its fix is written for that call's
    // statement alone: the HCL object's for jsonencode, the JSON text's for the heredoc.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-service-without-source-condition', 'tf-plan-module-input-per-call');
    const findings = async (paths: string[], root: string, options = {}) =>
      (await scan(paths, options)).findings
        .filter((finding) => finding.ruleId.startsWith('trust-'))
        .map(({ ruleId, resource, location, related, fix }) => ({ ruleId, address: resource.address, location: { ...location, file: relative(root, location.file) }, related, fix }))
        .sort((a, b) => a.location.startLine - b.location.startLine);
    const alone = folder(Object.fromEntries(['main.tf', 'prov.tf', join('mod', 'main.tf')].map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
    const fromTf = await findings([alone], alone);
    expect(fromTf.map(({ ruleId, address, location, related }) => `${ruleId} ${address} ${location.file}:${location.startLine}:${location.startColumn} ${related.length}`)).toEqual([
      'trust-service-without-source-condition module.open.aws_iam_role.r main.tf:11:21 0',
      'trust-service-without-source-condition module.text.aws_iam_role.r main.tf:39:24 0',
    ]);
    expect(fromTf.map(({ fix }) => fix?.snippet.split('\n')[0])).toEqual(['Condition = {', '"Condition": {']);
    expect(fromTf.filter(({ fix }) => fix?.description.includes('written once'))).toEqual([]);
    expect(await findings([directory], directory)).toEqual(fromTf);
    const elsewhere = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
    expect(await findings([join(elsewhere, 'plan.json')], directory, { terraformFolder: directory })).toEqual(fromTf);
  });

  it('links a role_arn known only at apply that a local value builds around the role\'s name as the .tf scan does, path included, beside the folder or with --tf-dir', async () => {
    // A real Terraform 1.11.4 plan: role_arn = local.with_path, with_path = "arn:...:role/svc/${aws_iam_role.job.name}"
    // (the role's path is /svc/, its name from name_prefix), and local.no_path without the path: another role's ARN.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-sagemaker-role-unassumable', 'tf-plan-role-name-in-arn-local');
    const findings = async (paths: string[], root: string, options = {}) =>
      (await scan(paths, options)).findings
        .filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable')
        .map(({ resource, location, fix }) => [resource.address, relative(root, location.file), location.startLine, /\(covers ([^)]*)\)/.exec(fix?.description ?? '')?.[1]].join(' '));
    const alone = folder(Object.fromEntries(['main.tf', 'prov.tf'].map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
    const fromTf = await findings([alone], alone);
    expect(fromTf).toEqual(['aws_sagemaker_notebook_instance.with_path main.tf 16 aws_sagemaker_notebook_instance.with_path']);
    expect(await findings([directory], directory)).toEqual(fromTf);
    const elsewhere = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
    expect(await findings([join(elsewhere, 'plan.json')], directory, { terraformFolder: directory })).toEqual(fromTf);
    // The plan alone lists local.with_path, not what the local reads: no role is linked.
    expect(await findings([join(elsewhere, 'plan.json')], elsewhere)).toEqual([]);
  });

  it('links a role_arn read as a local map\'s entry under the own key (local.exec[each.key], lookup(local.exec, each.key), local.objs[each.key].arn over { for k, r in ... : k => { arn = r.arn } }, each.value.arn under for_each = local.objs), or a local tuple\'s under a count index (local.listed[count.index]), as the .tf scan does, in a resource and a module input, beside the folder or with --tf-dir', async () => {
    // A real Terraform 1.11.4 plan: the ARNs are known only after apply, and the plan lists local.exec and each.key for
    // any read of the map by a key. Findings, where they point and the notebooks the fixes cover are the .tf scan's,
    // but for the maps that rekey the roles (swap, objs_swap), which the plan cannot read and links to no role.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-sagemaker-role-unassumable', 'tf-plan-own-key-entry');
    const rules = new Set(['trust-sagemaker-role-unassumable', 'trust-service-without-source-condition']);
    const findings = async (paths: string[], root: string, options = {}) =>
      (await scan(paths, options)).findings
        .filter((finding) => rules.has(finding.ruleId))
        .map(({ ruleId, resource, location, fix }) => [ruleId, resource.address, relative(root, location.file), location.startLine, location.startColumn, fix?.description].join(' '))
        .sort();
    const files = ['main.tf', join('notebook', 'main.tf')];
    const alone = folder(Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
    const swap = /aws_sagemaker_notebook_instance\.(?:obj_)?swap\["(?:infer|train)"\](?:, )?/g;
    // The fixes name at most 20 notebooks: the .tf scan's lists, which hold the swap notebooks, are cut elsewhere.
    const covers = (line: string) => line.replace(/\(covers [^)]*\)/, '(covers)');
    const fromTf = (await findings([alone], alone)).filter((line) => !/^aws_sagemaker_notebook_instance\.(?:obj_)?swap\[/.test(line.split(' ')[1]!)).map((line) => line.replace(swap, ''));
    expect(fromTf.map((line) => line.split(' ').slice(0, 4).join(' '))).toEqual([
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.direct["train"] main.tf 54',
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.each_obj["train"] main.tf 134',
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.entry["train"] main.tf 36',
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.listed[0] main.tf 83',
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.looked["train"] main.tf 116',
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.obj["train"] main.tf 104',
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.other["train"] main.tf 42',
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.picked["infer"] main.tf 60',
      'trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.read["train"] main.tf 48',
      `trust-sagemaker-role-unassumable module.nb["train"].aws_sagemaker_notebook_instance.this ${join('notebook', 'main.tf')} 10`,
      `trust-sagemaker-role-unassumable module.nb_listed[0].aws_sagemaker_notebook_instance.this ${join('notebook', 'main.tf')} 10`,
      `trust-sagemaker-role-unassumable module.nb_looked["train"].aws_sagemaker_notebook_instance.this ${join('notebook', 'main.tf')} 10`,
      `trust-sagemaker-role-unassumable module.nb_obj["train"].aws_sagemaker_notebook_instance.this ${join('notebook', 'main.tf')} 10`,
      'trust-service-without-source-condition aws_iam_role.exec["infer"] main.tf 29',
    ]);
    expect(fromTf.every((line) => line.includes('module.nb["infer"].aws_sagemaker_notebook_instance.this, ') && line.includes('entry["train"]'))).toBe(true);
    const beside = await findings([directory], directory);
    expect(beside.map(covers)).toEqual(fromTf.map(covers));
    expect(beside.every((line) => ['obj["infer"]', 'looked["infer"]', 'each_obj["infer"]', 'module.nb_obj["infer"]', 'module.nb_looked["infer"]'].every((name) => line.includes(name)) && !/swap\[/.test(line))).toBe(true);
    const elsewhere = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
    expect(await findings([join(elsewhere, 'plan.json')], directory, { terraformFolder: directory })).toEqual(beside);
  });

  it.each([
    ['trust-sagemaker-role-unassumable', 'tf-plan-own-key-read', ['main.tf', join('notebook', 'main.tf')]],
    ['trust-sagemaker-role-unassumable', 'tf-plan-own-key-read-json', ['main.tf.json', join('notebook', 'main.tf')]],
    ['sagemaker-execution-role-admin', 'tf-plan-cut-role-arn-list', ['main.tf']],
    ['sagemaker-execution-role-admin', 'tf-plan-cut-role-arn-list-json', ['main.tf.json']],
    ['sagemaker-execution-role-admin', 'tf-plan-own-key-merged', ['main.tf']],
    ['sagemaker-execution-role-admin', 'tf-plan-own-key-merged-json', ['main.tf.json']],
    ['sagemaker-execution-role-admin', 'tf-plan-trim-prefixed-role-arn', ['main.tf']],
    ['sagemaker-execution-role-admin', 'tf-plan-trim-prefixed-role-arn-json', ['main.tf.json']],
    ['sagemaker-execution-role-admin', 'tf-plan-trim-cutset-role-arn', ['main.tf']],
    ['sagemaker-execution-role-admin', 'tf-plan-trim-cutset-role-arn-json', ['main.tf.json']],
    ['trust-sagemaker-role-unassumable', 'tf-plan-own-key-module-input', ['main.tf', join('notebook', 'main.tf')]],
    ['trust-sagemaker-role-unassumable', 'tf-plan-own-key-module-input-json', ['main.tf.json', join('notebook', 'main.tf.json')]],
    ['trust-sagemaker-role-unassumable', 'tf-plan-own-key-for-instance', ['main.tf']],
    ['trust-sagemaker-role-unassumable', 'tf-plan-own-key-for-instance-json', ['main.tf.json']],
    ['trust-service-without-source-condition', 'tf-plan-own-key-module-document', ['main.tf', join('role', 'main.tf')]],
    ['trust-service-without-source-condition', 'tf-plan-own-key-module-document-json', ['main.tf.json', join('role', 'main.tf.json')]],
    ['trust-sagemaker-role-unassumable', 'tf-plan-dynamic-iterator-role', ['main.tf', join('domain', 'main.tf')]],
    ['trust-sagemaker-role-unassumable', 'tf-plan-dynamic-iterator-role-json', ['main.tf.json', join('domain', 'main.tf.json')]],
  ])('%s %s: reads what a function picks by the own key or a role list cut from an ARN as the .tf scan does, beside the folder or with --tf-dir', async (ruleId, name, files) => {
    // Real Terraform 1.11.4 plans: role_arn = coalesce(var.override, local.exec[each.key]), values(local.exec)[count.index],
    // in a module whose call leaves the input to its default (coalesce(var.role_arn, local.exec[each.key]),
    // lookup(var.roles, each.key, aws_iam_role.r[each.key].arn), r[lower(each.key)], r[each.key == "train" ? "infer" : "train"]),
    // [for k, v in local.roles[each.key] : v if k == "arn"][0] over roles kept whole, a trust policy document deferred to
    // apply that module calls pass whole by the own key or the other key (trust = data...trust[each.key], read as var.trust.json),
    // a dynamic block's content that reads its iterator's value over a for_each that writes the roles out
    // (for_each = [aws_iam_role.lambda.arn], { main = ... } with iterator = s, [var.role_arn] in a module),
    // element(local.listed, count.index), lookup(local.exec, each.key, default), lookup(local.objs, each.key).arn, in
    // resources and module inputs, merge(local.roles[each.key], { ... }).arn of a role kept whole,
    // roles = [basename(aws_iam_role.a.arn)], and role = basename(trimsuffix(aws_iam_role.a.arn, "/")) of a role made
    // with name_prefix, role = basename(trim(aws_iam_role.a.arn, "/")). Findings, where they point and their
    // fixes are the .tf scan's; the silent twins (a default returned, coalesce's first argument, another role's name)
    // stay silent. The notebooks a fix covers are compared as a set: the .tf scan of the JSON syntax lists them in
    // the file's order, the plan by address.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', ruleId, name);
    const covered = (description = '') => description.replace(/\(covers ([^)]*)\)/, (_, list: string) => `(covers ${list.split(', ').sort().join(', ')})`);
    const findings = async (paths: string[], root: string, options = {}) =>
      (await scan(paths, options)).findings
        .filter((finding) => finding.ruleId === ruleId)
        .map(({ resource, location, message, fix }) => [resource.address, relative(root, location.file), location.startLine, location.startColumn, message, covered(fix?.description)].join(' '))
        .sort();
    const alone = folder(Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
    const fromTf = await findings([alone], alone);
    expect(fromTf.length).toBeGreaterThan(0);
    expect(await findings([directory], directory)).toEqual(fromTf);
    const elsewhere = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
    expect(await findings([join(elsewhere, 'plan.json')], directory, { terraformFolder: directory })).toEqual(fromTf);
  });

  it.each(['tf-plan-own-key-merged', 'tf-plan-own-key-merged-json', 'tf-plan-trim-prefixed-role-arn', 'tf-plan-trim-prefixed-role-arn-json', 'tf-plan-trim-cutset-role-arn', 'tf-plan-trim-cutset-role-arn-json'])('%s: a plan alone links merge(local.roles[each.key], { ... }).arn and basename(trimsuffix(aws_iam_role.a.arn, "/")) to no role', async (name) => {
    // Without the .tf, the plan lists local.roles and each.key for every notebook, aws_iam_role.a.arn alone for each
    // edit of it: which role each reads is not shown.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'sagemaker-execution-role-admin', name);
    const alone = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
    const result = await scan([join(alone, 'plan.json')]);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin')).toEqual([]);
  });

  it('links a role_arn known only at apply that a module input builds around the role\'s name in the caller as the .tf scan does, path included, beside the folder or with --tf-dir', async () => {
    // A real Terraform 1.11.4 plan: module "with_path" { role_arn = "arn:...:role/svc/${aws_iam_role.job.name}" } and the
    // module's notebook reads role_arn = var.role_arn (the role's path is /svc/, its name from name_prefix); "no_path"
    // writes the ARN without the path (another role's); "passed" passes it on through a module of its own.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-sagemaker-role-unassumable', 'tf-plan-role-name-in-arn-module');
    const findings = async (paths: string[], root: string, options = {}) =>
      (await scan(paths, options)).findings
        .filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable')
        .map(({ resource, location, fix }) => [resource.address, relative(root, location.file), location.startLine, /\(covers ([^)]*)\)/.exec(fix?.description ?? '')?.[1]].join(' '))
        .sort();
    const files = ['main.tf', 'prov.tf', join('mod', 'main.tf'), join('pass', 'main.tf')];
    const alone = folder(Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
    const fromTf = await findings([alone], alone);
    expect(fromTf).toEqual([
      `module.passed.module.nb.aws_sagemaker_notebook_instance.nb ${join('mod', 'main.tf')} 5 module.passed.module.nb.aws_sagemaker_notebook_instance.nb, module.with_path.aws_sagemaker_notebook_instance.nb`,
      `module.with_path.aws_sagemaker_notebook_instance.nb ${join('mod', 'main.tf')} 5 module.passed.module.nb.aws_sagemaker_notebook_instance.nb, module.with_path.aws_sagemaker_notebook_instance.nb`,
    ]);
    expect(await findings([directory], directory)).toEqual(fromTf);
    const elsewhere = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
    expect(await findings([join(elsewhere, 'plan.json')], directory, { terraformFolder: directory })).toEqual(fromTf);
  });

  it('links a role_arn known only at apply that locals and module inputs pass on whole or in part, the same whichever is read first', async () => {
    // A real Terraform 1.11.4 plan: local.chained reads local.with_path whole (a local is judged along its chain of
    // whole reads, then where it is read; an input where it is read, then along the chain its call passes on), an item
    // of local.parts, a map a for expression builds read by the own key, module inputs the caller passes a chained
    // local to, and a local of the module that reads its input whole (module.through_local: the ARN built in the
    // call; through_local_whole: the role's arn itself). An item of an object that passes another local on whole
    // (part_written and passing_with_path in the root, module.entry_with_path where that local reads the input whole)
    // and an item of a local that passes an input object on whole (module.config_with_path) are read on where that
    // local or input is written, as the .tf scan reads them; the role's arn itself passed so (passing_plain) too.
    // Silent in both scans: role/NAME without the path (through_local_no_path, passing_no_path, entry_no_path,
    // config_no_path: another role's ARN) and a role SageMaker may assume (through_local_fine, entry_fine).
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-sagemaker-role-unassumable', 'tf-plan-role-name-in-arn-passed');
    const findings = async (paths: string[], root: string, options = {}) =>
      (await scan(paths, options)).findings
        .filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable')
        .map(({ resource, location }) => [resource.address, relative(root, location.file), location.startLine].join(' '))
        .sort();
    const files = ['main.tf', 'prov.tf', join('mod', 'main.tf'), join('local', 'main.tf'), join('entry', 'main.tf'), join('config', 'main.tf')];
    const alone = folder(Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
    const linked = [
      'aws_sagemaker_notebook_instance.by_key["with_path"] main.tf 46',
      'aws_sagemaker_notebook_instance.chained main.tf 24',
      'aws_sagemaker_notebook_instance.part["with_path"] main.tf 35',
      'aws_sagemaker_notebook_instance.part_written main.tf 40',
      'aws_sagemaker_notebook_instance.passing_plain main.tf 102',
      'aws_sagemaker_notebook_instance.passing_with_path main.tf 107',
      `module.chained.aws_sagemaker_notebook_instance.nb ${join('mod', 'main.tf')} 5`,
      `module.config_with_path.aws_sagemaker_notebook_instance.nb ${join('config', 'main.tf')} 8`,
      `module.entry_with_path.aws_sagemaker_notebook_instance.nb ${join('entry', 'main.tf')} 9`,
      `module.through_local.aws_sagemaker_notebook_instance.nb ${join('local', 'main.tf')} 8`,
      `module.through_local_whole.aws_sagemaker_notebook_instance.nb ${join('local', 'main.tf')} 8`,
    ];
    expect(await findings([alone], alone)).toEqual(linked);
    expect(await findings([directory], directory)).toEqual(linked);
    const elsewhere = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
    expect(await findings([join(elsewhere, 'plan.json')], directory, { terraformFolder: directory })).toEqual(linked);
    // The plan alone lists the locals and inputs, not what they read: no role is linked.
    expect(await findings([join(elsewhere, 'plan.json')], elsewhere)).toEqual([]);
  });

  it("relates a value read by the instance's own count.index or each.key, or as each.value, to where it is written, as the .tf scan does, a map a for expression builds included", async () => {
    // Real Terraform 1.11.4 plans: var.access[count.index], var.by_name[each.key] and each.value in a module, an input
    // local.modes[count.index] of a module call with count, local.built[each.key] of a for expression (and, known only
    // at apply, local.by_key[each.key] and local.parts[each.key] around a role's name), lookup() of each.value of a for
    // that keys a list's elements by their name; not related: a computed index, and each.value of a for that passes a
    // map's element on as it is, which the .tf scan does not relate either; the same in a policy document data source's block.
    const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
    const related = async (ruleId: string, paths: string[], root: string, options = {}) =>
      (await scan(paths, options)).findings
        .filter((finding) => finding.ruleId === ruleId)
        .map(({ resource, location, related }) => [resource.address, location.startLine, ...related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => `${relative(root, entry.location.file)}:${entry.location.startLine}:${entry.location.startColumn}`)].join(' '))
        .sort();
    const cases = [
      ['sagemaker-notebook-direct-internet', 'tf-plan-instance-key-reads', ['main.tf', 'prov.tf', join('m', 'main.tf'), join('one', 'main.tf')], [
        'aws_sagemaker_notebook_instance.by_key["b"] 23 main.tf:11:40',
        'aws_sagemaker_notebook_instance.computed 29',
        'aws_sagemaker_notebook_instance.element["b"] 36',
        'module.counted[1].aws_sagemaker_notebook_instance.nb 6 main.tf:10:24',
        'module.m.aws_sagemaker_notebook_instance.counted[1] 8 main.tf:6:26',
        'module.m.aws_sagemaker_notebook_instance.each_value["b"] 22 main.tf:7:31',
        'module.m.aws_sagemaker_notebook_instance.keyed["b"] 15 main.tf:7:31',
      ]],
      // lookup(map, "key", default): the caller's entry (m), the local's entry the default reads (defaulted, two_args
      // reads the map's); none where a computed key of the map may be the one looked up.
      ['sagemaker-notebook-direct-internet', 'tf-plan-lookup-default', ['main.tf', 'prov.tf', join('m', 'main.tf')], [
        'aws_sagemaker_notebook_instance.computed_key 24',
        'aws_sagemaker_notebook_instance.two_args 30 main.tf:17:16',
        `module.defaulted.aws_sagemaker_notebook_instance.nb 14 ${join('m', 'main.tf')}:7:5`,
        'module.m.aws_sagemaker_notebook_instance.nb 14 main.tf:7:16',
      ]],
      // lookup(each.value, ...) of a for_each keyed by the name of each element of a caller's list: the default where the
      // element leaves the attribute out (lab), the element's own attribute where it writes it (open).
      ['sagemaker-notebook-direct-internet', 'tf-plan-for-keyed-lookup', ['main.tf', 'prov.tf', join('notebooks', 'main.tf')], [
        `module.notebooks.aws_sagemaker_notebook_instance.nb["lab"] 16 ${join('notebooks', 'main.tf')}:7:5`,
        'module.notebooks.aws_sagemaker_notebook_instance.nb["open"] 16 main.tf:7:22',
      ]],
      ['trust-sagemaker-role-unassumable', 'tf-plan-role-name-in-arn-passed', ['main.tf', 'prov.tf', join('mod', 'main.tf'), join('local', 'main.tf'), join('entry', 'main.tf'), join('config', 'main.tf')], [
        'aws_sagemaker_notebook_instance.by_key["with_path"] 46 main.tf:18:53',
        'aws_sagemaker_notebook_instance.chained 24 main.tf:13:3',
        'aws_sagemaker_notebook_instance.part["with_path"] 35 main.tf:13:3',
        'aws_sagemaker_notebook_instance.part_written 40 main.tf:13:3',
        'aws_sagemaker_notebook_instance.passing_plain 102',
        'aws_sagemaker_notebook_instance.passing_with_path 107 main.tf:13:3',
        'module.chained.aws_sagemaker_notebook_instance.nb 5 main.tf:13:3',
        'module.config_with_path.aws_sagemaker_notebook_instance.nb 8 main.tf:128:14',
        'module.entry_with_path.aws_sagemaker_notebook_instance.nb 9 main.tf:116:3',
        'module.through_local.aws_sagemaker_notebook_instance.nb 8 main.tf:64:3',
        'module.through_local_whole.aws_sagemaker_notebook_instance.nb 8',
      ]],
      // A policy document data source's own each.key, read in its block (use, built) as in a resource's policy (direct).
      ['policy-documentation-placeholder', 'tf-plan-instance-key-document', ['main.tf', 'prov.tf'], [
        'aws_iam_policy.built["b"] 19 main.tf:6:35',
        'aws_iam_policy.computed 40',
        'aws_iam_policy.direct["a"] 35 main.tf:5:13',
        'aws_iam_policy.use["a"] 12 main.tf:5:13',
      ]],
    ] as const;
    for (const [ruleId, name, files, expected] of cases) {
      const directory = join(fixtures, ruleId, name);
      const alone = folder(Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
      const fromTf = await related(ruleId, [alone], alone);
      expect(fromTf.filter((entry) => expected.some((line) => line.split(' ').slice(0, 2).join(' ') === entry.split(' ').slice(0, 2).join(' '))), name).toEqual(expected);
      expect(await related(ruleId, [directory], directory), name).toEqual(expected);
      // The plan alone does not read the .tf: nothing is related.
      const elsewhere = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
      expect((await related(ruleId, [join(elsewhere, 'plan.json')], elsewhere)).filter((entry) => entry.includes(':')), name).toEqual([]);
    }
  });

  it('relates a value read from elsewhere in a .tf.json folder, alone and beside its plan, as in the .tf twin', async () => {
    // Real Terraform 1.11.4 plans of twins: a module call's argument, each.value of a module call, a local's entry
    // lookup() reads, a local's lookup() default (the attribute the local writes), a variable's default through a local
    // (beside the plan too, which holds the default's value for the root variable); none for a value written in place.
    const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'sagemaker-notebook-direct-internet');
    const related = async (paths: string[], root: string) =>
      (await scan(paths)).findings
        .filter((finding) => finding.ruleId === 'sagemaker-notebook-direct-internet')
        .map(({ resource, location, related }) => [resource.address, location.startLine, ...related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => `${relative(root, entry.location.file)}:${entry.location.startLine}:${entry.location.startColumn}`)].join(' '))
        .sort();
    const twins = [
      ['tf-plan-value-written', 'main.tf', [
        'aws_sagemaker_notebook_instance.defaulted 33 main.tf:21:3',
        'aws_sagemaker_notebook_instance.literal 45',
        'aws_sagemaker_notebook_instance.looked 27 main.tf:19:17',
        'aws_sagemaker_notebook_instance.through_local 39 main.tf:16:3',
        'module.passed.aws_sagemaker_notebook_instance.nb 8 main.tf:7:3',
        'module.per_key["a"].aws_sagemaker_notebook_instance.nb 8 main.tf:10:16',
      ]],
      ['tf-plan-value-written-json', 'main.tf.json', [
        'aws_sagemaker_notebook_instance.defaulted 41 main.tf.json:27:5',
        'aws_sagemaker_notebook_instance.literal 53',
        'aws_sagemaker_notebook_instance.looked 35 main.tf.json:24:7',
        'aws_sagemaker_notebook_instance.through_local 47 main.tf.json:19:7',
        'module.passed.aws_sagemaker_notebook_instance.nb 13 main.tf.json:6:7',
        'module.per_key["a"].aws_sagemaker_notebook_instance.nb 13 main.tf.json:10:9',
      ]],
    ] as const;
    for (const [name, file, expected] of twins) {
      const directory = join(fixtures, name);
      const files = [file, 'prov.tf', join('m', file)];
      const alone = folder(Object.fromEntries(files.map((path) => [path, readFileSync(join(directory, path), 'utf8')])));
      expect(await related([alone], alone), name).toEqual(expected);
      expect(await related([directory], directory), name).toEqual(expected);
    }
  });

  it("relates a placeholder a dynamic block's iterator reads to where the caller writes it in the .tf scan; beside a plan, the same findings", async () => {
    // Real Terraform 1.11.4 plan. The .tf scan follows statement.value into the for_each, its local and the for
    // expression that makes the element (replace(url, ...)), and a map variable's default; not a for with an if, nor a set.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'policy-documentation-placeholder', 'tf-plan-dynamic-iterator');
    const files = ['main.tf', 'prov.tf', join('m', 'main.tf'), join('filtered', 'main.tf'), join('as_set', 'main.tf')];
    const related = async (paths: string[], root: string) =>
      (await scan(paths)).findings
        .filter((finding) => finding.ruleId === 'policy-documentation-placeholder')
        .map(({ resource, location, related }) => [resource.address, location.startLine, ...related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => `${relative(root, entry.location.file)}:${entry.location.startLine}:${entry.location.startColumn}`)].join(' '))
        .sort();
    const alone = folder(Object.fromEntries(files.map((file) => [file, readFileSync(join(directory, file), 'utf8')])));
    expect(await related([alone], alone)).toEqual([
      'aws_iam_role.by_account 27 main.tf:34:15',
      'module.as_set.aws_iam_role.r 17',
      'module.filtered.aws_iam_role.r 17',
      'module.oidc.aws_iam_role.r 21 main.tf:8:13',
    ]);
    // Beside its folder the plan shows the rendered statements, not which element made each (the for_each is built by a
    // for expression, or is a root variable, not a module input written out: expandedStatements): none is related.
    expect((await related([directory], directory)).map((entry) => entry.split(' ').slice(0, 2).join(' '))).toEqual(['aws_iam_role.by_account 27', 'module.as_set.aws_iam_role.r 17', 'module.filtered.aws_iam_role.r 17', 'module.oidc.aws_iam_role.r 21']);
  });

  it('renders a heredoc at the end of a chain of modules whose inputs each read two of the caller\'s once per input, not once per path', async () => {
    // Each module passes coalesce(var.a, var.b) on as both of its child's inputs: read path by path, 2^24 evaluations.
    const depth = 24;
    const files: Record<string, string> = { 'main.tf': 'module "top" {\n  source = "./modules/l1"\n  a      = "111111111111"\n  b      = "111111111111"\n}\n' };
    const trust = (account: string) => ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Principal": { "Service": "sagemaker.amazonaws.com" },', '      "Action": "sts:AssumeRole",', `      "Condition": { "StringEquals": { "aws:SourceAccount": "${account}", "aws:SourceArn": "arn:aws:sagemaker:us-east-1:222222222222:*" } }`, '    }', '  ]', '}', ''].join('\n');
    for (let level = 1; level <= depth; level++) {
      const inputs = 'variable "a" { type = string }\nvariable "b" { type = string }\n';
      files[`modules/l${level}/main.tf`] =
        level < depth
          ? `${inputs}module "next" {\n  source = "../l${level + 1}"\n  a      = coalesce(var.a, var.b)\n  b      = coalesce(var.b, var.a)\n}\n`
          : `${inputs}resource "aws_iam_role" "heredoc" {\n  name               = "heredoc"\n  assume_role_policy = <<EOF\n${trust('${var.a}')}EOF\n}\n`;
    }
    const address = `module.top.${Array.from({ length: depth - 1 }, () => 'module.next.').join('')}aws_iam_role.heredoc`;
    const planned = JSON.stringify(JSON.parse(trust('111111111111')));
    let body: Record<string, unknown> = { resources: [{ address: 'aws_iam_role.heredoc', mode: 'managed', type: 'aws_iam_role', name: 'heredoc' }] };
    for (let level = depth; level >= 2; level--) body = { module_calls: { next: { source: `../l${level}`, module: body } } };
    const configuration = { root_module: { module_calls: { top: { source: './modules/l1', module: body } } } };
    const directory = folder({ ...files, 'plan.json': JSON.stringify(plan([{ address, values: { name: 'heredoc', assume_role_policy: planned } }], { configuration })) });
    const located = (await scan([directory])).findings.filter((finding) => finding.ruleId === 'trust-source-account-mismatch').map(({ location }) => `${relative(directory, location.file)}:${location.startLine}`);
    expect(located).toEqual([`modules/l${depth}/main.tf:13`]);
  });

  it("points inside a heredoc that interpolates the resource's own each.value or count.index, as the .tf files alone do", async () => {
    const trust = (account: string) => ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Principal": { "Service": "sagemaker.amazonaws.com" },', '      "Action": "sts:AssumeRole",', `      "Condition": { "StringEquals": { "aws:SourceAccount": "${account}", "aws:SourceArn": "arn:aws:sagemaker:us-east-1:222222222222:*" } }`, '    }', '  ]', '}', ''].join('\n');
    const tf = [
      'locals {\n  accounts = ["111111111111", "555555555555"]\n}\n',
      `resource "aws_iam_role" "each" {\n  for_each           = toset(local.accounts)\n  assume_role_policy = <<EOF\n${trust('${each.value}')}EOF\n}\n`,
      `resource "aws_iam_role" "counted" {\n  count              = 2\n  assume_role_policy = <<EOF\n${trust('${local.accounts[count.index]}')}EOF\n}\n`,
    ].join('\n');
    const accounts = ['111111111111', '555555555555'];
    const specs = [
      ...accounts.map((account) => ({ address: `aws_iam_role.each["${account}"]`, values: { assume_role_policy: JSON.stringify(JSON.parse(trust(account))) } })),
      ...accounts.map((account, index) => ({ address: `aws_iam_role.counted[${index}]`, values: { assume_role_policy: JSON.stringify(JSON.parse(trust(account))) } })),
    ];
    const configuration = { root_module: { resources: ['each', 'counted'].map((name) => ({ address: `aws_iam_role.${name}`, mode: 'managed', type: 'aws_iam_role', name })) } };
    const located = async (directory: string) =>
      (await scan([directory])).findings
        .filter((finding) => finding.ruleId === 'trust-source-account-mismatch')
        .map(({ resource, location }) => `${resource.address} ${relative(directory, location.file)}:${location.startLine}:${location.startColumn}`)
        .sort();
    const alone = await located(folder({ 'main.tf': tf }));
    expect(alone).toHaveLength(4);
    expect(alone.every((line) => / main\.tf:(15|32):40$/.test(line))).toBe(true);
    expect(await located(folder({ 'main.tf': tf, 'plan.json': JSON.stringify(plan(specs, { configuration })) }))).toEqual(alone);
  });

  it("points inside a templatefile() policy whose variables read the resource's own each.value, each.key or count.index, as the .tf files alone do", async () => {
    const trust = (account: string) => ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Principal": { "Service": "sagemaker.amazonaws.com" },', '      "Action": "sts:AssumeRole",', `      "Condition": { "StringEquals": { "aws:SourceAccount": "${account}", "aws:SourceArn": "arn:aws:sagemaker:us-east-1:222222222222:*" } }`, '    }', '  ]', '}', ''].join('\n');
    const tf = [
      'locals {\n  accounts = ["111111111111", "555555555555"]\n}\n',
      'resource "aws_iam_role" "each" {\n  for_each           = toset(local.accounts)\n  assume_role_policy = templatefile("${path.module}/trust.tpl", { account = each.value })\n}\n',
      'resource "aws_iam_role" "keyed" {\n  for_each           = { "111111111111" = { tag = "a" }, "555555555555" = { tag = "b" } }\n  assume_role_policy = templatefile("${path.module}/trust.tpl", { account = each.key })\n}\n',
      'resource "aws_iam_role" "counted" {\n  count              = 2\n  assume_role_policy = templatefile("${path.module}/trust.tpl", { account = "${local.accounts[count.index]}" })\n}\n',
    ].join('\n');
    const accounts = ['111111111111', '555555555555'];
    const planned = (account: string) => ({ assume_role_policy: JSON.stringify(JSON.parse(trust(account))) });
    const specs = [
      ...accounts.map((account) => ({ address: `aws_iam_role.each["${account}"]`, values: planned(account) })),
      ...accounts.map((account) => ({ address: `aws_iam_role.keyed["${account}"]`, values: planned(account) })),
      ...accounts.map((account, index) => ({ address: `aws_iam_role.counted[${index}]`, values: planned(account) })),
    ];
    const configuration = { root_module: { resources: ['each', 'keyed', 'counted'].map((name) => ({ address: `aws_iam_role.${name}`, mode: 'managed', type: 'aws_iam_role', name })) } };
    const located = async (directory: string) =>
      (await scan([directory])).findings
        .filter((finding) => finding.ruleId === 'trust-source-account-mismatch')
        .map(({ resource, location }) => `${resource.address} ${relative(directory, location.file)}:${location.startLine}:${location.startColumn}`)
        .sort();
    const files = { 'main.tf': tf, 'trust.tpl': trust('${account}') };
    const alone = await located(folder(files));
    expect(alone).toHaveLength(6);
    expect(alone.every((line) => / trust\.tpl:8:40$/.test(line))).toBe(true);
    expect(await located(folder({ ...files, 'plan.json': JSON.stringify(plan(specs, { configuration })) }))).toEqual(alone);
    // A plan whose instance holds another account than the .tf renders for its key was not made from these files: at the attribute.
    const stale = specs.map((spec) => (spec.address === 'aws_iam_role.each["111111111111"]' ? { ...spec, values: planned('333333333333') } : spec));
    const beside = await located(folder({ ...files, 'plan.json': JSON.stringify(plan(stale, { configuration })) }));
    expect(beside.filter((line) => line.startsWith('aws_iam_role.each["111111111111"] '))).toEqual(['aws_iam_role.each["111111111111"] main.tf:7:3']);
  });

  it('points inside a heredoc the plan shows normalized (minified, keys sorted) where it writes the same document, at the attribute where it writes another', async () => {
    const written = (account: string, operator = 'StringLike') => ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Principal": {"Service": "sagemaker.amazonaws.com"},', '      "Action": "sts:AssumeRole",', `      "Condition": {"${operator}": {"aws:SourceAccount": "${account}"}}`, '    }', '  ]', '}', ''].join('\n');
    // As the AWS provider plans it: minified, with its keys sorted.
    const normalized = JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Condition: { StringLike: { 'aws:SourceAccount': '*' } }, Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } }], Version: '2012-10-17' });
    const role = (name: string, heredoc: string) => [`resource "aws_iam_role" "${name}" {`, `  name = "${name}"`, '  assume_role_policy = <<-EOT', ...heredoc.split('\n').map((line) => (line === '' ? line : `    ${line}`)), '  EOT', '}'];
    // The second role's heredoc is edited since the plan was made: its document is not the plan's.
    const mainTf = [...role('same', written('*')), ...role('edited', written('1234*')), ''].join('\n');
    const planned = plan([
      { address: 'aws_iam_role.same', values: { name: 'same', assume_role_policy: normalized } },
      { address: 'aws_iam_role.edited', values: { name: 'edited', assume_role_policy: normalized } },
    ]);
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(planned, null, 2) });
    const result = await scan([join(directory, 'plan.json')]);
    const lines = mainTf.split('\n');
    const located = result.findings.filter((finding) => finding.ruleId === 'trust-source-condition-ineffective').map(({ resource, location }) => [resource.address, location.startLine === location.endLine ? lines[location.startLine - 1]!.slice(location.startColumn - 1, location.endColumn - 1) : location.startLine]);
    expect(located).toEqual([
      ['aws_iam_role.same', '"aws:SourceAccount": "*"'],
      // Its attribute, written on the third line of its block.
      ['aws_iam_role.edited', lines.indexOf('resource "aws_iam_role" "edited" {') + 3],
    ]);
  });

  it("points at the element of a policy document's list where the HCL scan does, though the provider plans it as a set in its own order", async () => {
    // Real Terraform 1.11.4 plans (AWS provider 5.100) beside the .tf they were made from: one document read at plan
    // time, one at apply (identity-passrole-unscoped), their lists written over several lines in another order than the
    // provider's.
    const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
    const cases = ['trust-source-condition-ineffective', 'trust-service-without-source-condition', 'identity-passrole-unscoped'].map((ruleId) => ({ ruleId, directory: join(fixtures, ruleId, 'tf-plan-policy-document') }));
    for (const { ruleId, directory } of cases) {
      const mainTf = readFileSync(join(directory, 'main.tf'), 'utf8');
      const alone = folder({ 'main.tf': mainTf });
      const located = async (path: string) => (await scan([path])).findings.filter((finding) => finding.ruleId === ruleId).map(({ location }) => [basename(location.file), location.startLine, location.startColumn, location.endLine, location.endColumn]);
      const fromTf = await located(alone);
      expect(fromTf.length, ruleId).toBeGreaterThan(0);
      expect(await located(join(directory, 'plan.json')), ruleId).toEqual(fromTf);
    }
  });

  it('places the condition that refuses at the condition block the file writes it in, as the .tf scan does', async () => {
    // A real plan: the provider plans the ArnLike block, written second, first.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-sagemaker-role-unassumable', 'tf-plan-condition-blocks');
    const alone = folder({ 'main.tf': readFileSync(join(directory, 'main.tf'), 'utf8') });
    const related = async (path: string) => (await scan([path])).findings.flatMap((finding) => finding.related.filter((item) => item.message.includes('trust policy of')).map(({ location }) => [basename(location.file), location.startLine, location.startColumn]));
    // The variable of the ArnLike block, the second written, which the source ARN of inference fails.
    expect(await related(alone)).toEqual([['main.tf', 18, 7]]);
    expect(await related(join(directory, 'plan.json'))).toEqual([['main.tf', 18, 7]]);
  });

  it('points at a statement a policy document data source includes as JSON text where the .tf scan does, with its fix', async () => {
    // Real Terraform 1.11.4 plans (AWS provider 5.100) beside the .tf they were made from: the data sources read at plan
    // time include documents with file() (written there or in a local), templatefile(), a heredoc and jsonencode({...}).
    const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
    const cases = [
      { ruleId: 'trust-service-without-source-condition', files: ['main.tf', 'base.json', 'trust.json.tpl'] },
      { ruleId: 'identity-passrole-unscoped', files: ['main.tf', 'policies/pass.json'] },
    ];
    for (const { ruleId, files } of cases) {
      const directory = join(fixtures, ruleId, 'tf-plan-source-document-file');
      const alone = folder(Object.fromEntries(files.map((name) => [name, readFileSync(join(directory, name), 'utf8')])));
      const located = async (path: string, root: string) =>
        (await scan([path])).findings
          .filter((finding) => finding.ruleId === ruleId)
          .map(({ location, fix }) => [relative(root, location.file), location.startLine, location.startColumn, location.endLine, location.endColumn, fix?.snippet, fix && [root, relative('.', root)].reduce((text, prefix) => text.split(`${prefix}/`).join(''), fix.description)])
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const fromTf = await located(alone, alone);
      expect(fromTf.length, ruleId).toBeGreaterThan(0);
      // Inside the included texts, not at the data source's entries in main.tf.
      expect(fromTf.filter(([file]) => file !== 'main.tf').length, ruleId).toBeGreaterThan(0);
      expect(await located(join(directory, 'plan.json'), directory), ruleId).toEqual(fromTf);
      // A plan read alone keeps pointing into the plan.
      const planOnly = folder({ 'plan.json': readFileSync(join(directory, 'plan.json'), 'utf8') });
      expect((await located(join(planOnly, 'plan.json'), planOnly)).map(([file]) => file), ruleId).toEqual(fromTf.map(() => 'plan.json'));
    }
  });

  it("points at a list element by position only where the .tf file writes the plan's value there", async () => {
    const [first, second] = ['arn:aws:iam::210987654321:root', 'arn:aws:iam::304958671234:root'];
    const role = (name: string, written = first) => [`resource "aws_iam_role" "${name}" {`, `  name = "${name}"`, '  assume_role_policy = jsonencode({', '    Statement = [{', '      Effect = "Allow"', '      Action = "sts:AssumeRole"', '      Principal = {', '        AWS = [', `          "${written}",`, `          "${second}",`, '        ]', '      }', '    }]', '  })', '}', ''];
    const mainTf = [...role('kept'), ...role('reordered'), ...role('interpolated', 'arn:aws:iam::${var.partner}:root')].join('\n');
    const trust = (principals: string[]) => JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: principals } }] });
    // AWS may hand back the list in another order: the state's text, equivalent, stays in the plan of an unchanged role.
    const document = plan([
      { address: 'aws_iam_role.kept', values: { name: 'kept', assume_role_policy: trust([first, second]) } },
      { address: 'aws_iam_role.reordered', values: { name: 'reordered', assume_role_policy: trust([second, first]) } },
      { address: 'aws_iam_role.interpolated', values: { name: 'interpolated', assume_role_policy: trust([second, first]) } },
    ]);
    const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(document, null, 2) });
    const result = await scan([join(directory, 'plan.json')]);
    const lines = (address: string) => result.findings.filter((finding) => finding.resource.address === address && finding.ruleId === 'trust-cross-account-without-external-id').map((finding) => finding.location.startLine);
    expect(lines('aws_iam_role.kept')).toEqual([9, 10]);
    expect(lines('aws_iam_role.reordered')).toEqual([16 + 8, 16 + 8]);
    // What an interpolated element holds is not written: it is not taken for the planned value at its position.
    expect(lines('aws_iam_role.interpolated')).toEqual([32 + 8, 32 + 8]);
  });

  it("points at a statement a local writes, references in it, where its literal parts are the plan's value at its position; at the list where the plan holds another there", async () => {
    const partner = 'arn:aws:iam::210987654321:role/ci';
    const mainTf = [
      'variable "partner_id" {',
      '  type    = string',
      '  default = "partner-7"',
      '}',
      'locals {',
      `  with_id = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "${partner}" }, Condition = { StringEquals = { "sts:ExternalId" = var.partner_id } } }`,
      '}',
      'resource "aws_iam_role" "r" {',
      '  name = "r"',
      '  assume_role_policy = jsonencode({',
      '    Statement = [',
      `      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "${partner}", Service = "ec2.amazonaws.com" } },`,
      '      local.with_id,',
      '    ]',
      '  })',
      '}',
      '',
    ].join('\n');
    const open = { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: partner, Service: 'ec2.amazonaws.com' } };
    const withId = (id: string) => ({ Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': id } }, Effect: 'Allow', Principal: { AWS: partner } });
    const covering = async (statements: object[]) => {
      const directory = folder({ 'main.tf': mainTf, 'plan.json': JSON.stringify(plan([{ address: 'aws_iam_role.r', values: { name: 'r', assume_role_policy: JSON.stringify({ Statement: statements }) } }]), null, 2) });
      const [finding] = (await scan([join(directory, 'plan.json')])).findings.filter((item) => item.ruleId === 'trust-cross-account-without-external-id');
      return /the statement at \S+main\.tf:(\d+:\d+) /.exec(finding?.fix?.description ?? '')?.[1];
    };
    // The local's line, as the .tf files alone point there.
    expect(await covering([open, withId('partner-7')])).toBe('6:3');
    // Written with another Action than the plan holds at its position: not taken for it, the list is pointed at.
    expect(await covering([open, { ...withId('partner-7'), Action: ['sts:AssumeRole'] }])).toBe('11:5');
  });

  it('points at the blocks of registry modules where terraform init installed them, as .terraform/modules/modules.json says, and at the plan without it', async () => {
    const trustWithStar = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const planned = plan([
      { address: 'module.role.aws_iam_role.this[0]', values: { name: 'exec', assume_role_policy: trustWithStar } },
      { address: 'module.role.module.inner.aws_iam_role.inner', values: { name: 'inner', assume_role_policy: trustWithStar } },
    ], {
      configuration: {
        root_module: {
          module_calls: {
            role: {
              source: 'terraform-aws-modules/iam/aws//modules/iam-assumable-role',
              version_constraint: '5.30.0',
              module: { resources: [{ address: 'aws_iam_role.this', mode: 'managed', type: 'aws_iam_role', name: 'this', count_expression: { constant_value: 1 } }], module_calls: { inner: { source: './inner', module: { resources: [{ address: 'aws_iam_role.inner', mode: 'managed', type: 'aws_iam_role', name: 'inner' }] } } } },
            },
          },
        },
      },
    });
    const installed = '.terraform/modules/role/modules/iam-assumable-role';
    const roleTf = ['resource "aws_iam_role" "this" {', '  count              = 1', '  name               = "exec"', '  assume_role_policy = var.trust', '}', 'module "inner" {', '  source = "./inner"', '}', ''].join('\n');
    const innerTf = ['resource "aws_iam_role" "inner" {', '  name               = "inner"', '  assume_role_policy = var.trust', '}', ''].join('\n');
    const manifest = { Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'role', Source: 'registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-assumable-role', Version: '5.30.0', Dir: installed }, { Key: 'role.inner', Source: './inner', Dir: `${installed}/inner` }] };
    const mainTf = 'module "role" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"\n  version = "5.30.0"\n}\n';
    const files = { 'main.tf': mainTf, 'plan.json': JSON.stringify(planned, null, 2), [`${installed}/main.tf`]: roleTf, [`${installed}/inner/main.tf`]: innerTf };
    const located = async (tree: Record<string, string>) => {
      const directory = folder(tree);
      const result = await scan([join(directory, 'plan.json')]);
      return result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => `${finding.location.file.slice(directory.length + 1)}:${finding.location.startLine}`).sort();
    };
    expect(await located({ ...files, '.terraform/modules/modules.json': JSON.stringify(manifest) })).toEqual([`${installed}/inner/main.tf:3`, `${installed}/main.tf:4`]);
    // Each finding in installed code names the user's module block that calls it, as the HCL scan does.
    const directory = folder({ ...files, '.terraform/modules/modules.json': JSON.stringify(manifest) });
    const related = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => finding.related.filter((item) => item.message.includes('terraform init')).map((item) => `${item.location.file.slice(directory.length + 1)}:${item.location.startLine}`));
    expect(related).toEqual([['main.tf:1'], ['main.tf:1']]);
    const inPlan = await located(files);
    expect(inPlan.every((where) => where.startsWith('plan.json:'))).toBe(true);
    expect(inPlan).toHaveLength(2);
    // Not installed, the code is not in the folder: each finding names the user's module block, and its fix says where the change goes.
    const uninstalled = folder(files);
    const notInstalled = (await scan([join(uninstalled, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'trust-any-principal');
    expect(notInstalled.map((finding) => finding.related.filter((item) => item.message.includes('module call')).map((item) => `${item.message} ${item.location.file.slice(uninstalled.length + 1)}:${item.location.startLine}`))).toEqual([
      ['the module call whose code declares this resource (not installed here: the finding is located in the plan) main.tf:1'],
      ['the module call whose code declares this resource (not installed here: the finding is located in the plan) main.tf:1'],
    ]);
  });

  it("says a fix of a registry module's resource belongs in the module's source, installed or not", async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const planned = plan([{ address: 'module.role.aws_iam_role.this', values: { name: 'exec', assume_role_policy: trust } }], {
      configuration: { root_module: { module_calls: { role: { source: 'terraform-aws-modules/iam/aws', version_constraint: '5.30.0', module: { resources: [{ address: 'aws_iam_role.this', mode: 'managed', type: 'aws_iam_role', name: 'this' }] } } } } },
    });
    const files = { 'main.tf': 'module "role" {\n  source  = "terraform-aws-modules/iam/aws"\n  version = "5.30.0"\n}\n', 'plan.json': JSON.stringify(planned, null, 2) };
    const manifest = { Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'role', Source: 'registry.terraform.io/terraform-aws-modules/iam/aws', Version: '5.30.0', Dir: '.terraform/modules/role' }] };
    const fixOf = async (tree: Record<string, string>) => (await scan([join(folder(tree), 'plan.json')])).findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')!.fix!.description;
    expect(await fixOf(files)).toMatch(/^Make this change in the module's source \(or pick a version that has it\)\. Add this Condition/);
    const installedTf = 'resource "aws_iam_role" "this" {\n  name               = "exec"\n  assume_role_policy = var.trust\n}\n';
    expect(await fixOf({ ...files, '.terraform/modules/modules.json': JSON.stringify(manifest), '.terraform/modules/role/main.tf': installedTf })).toMatch(/^Make this change in the module's source \(or pick a version that has it\): terraform init installed this copy and undoes edits to it\. Add this Condition/);
  });

  it('reads no fifo of the folder (the read would block) and still points at the files', async () => {
    const directory = folder({ 'main.tf': 'resource "aws_iam_role" "open" {\n  name               = "open"\n  assume_role_policy = var.trust\n}\n', 'plan.json': JSON.stringify(plan([{ address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }) } }]), null, 2) });
    execFileSync('mkfifo', [join(directory, 'blocking.tf')]);
    const result = await scan([join(directory, 'plan.json')]);
    expect(result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => `${finding.location.file.slice(directory.length + 1)}:${finding.location.startLine}`)).toEqual(['main.tf:3']);
  });

  it('points at .tf.json declarations too, and writes their fixes as JSON', async () => {
    const mainJson = JSON.stringify({ resource: { aws_iam_role: { open: { name: 'open', assume_role_policy: '${jsonencode({Statement = []})}' } } }, module: { inner: { source: './modules/inner' } } }, null, 2);
    const innerJson = JSON.stringify({ resource: [{ aws_iam_role: { open: [{ name: 'inner-open', assume_role_policy: '${var.trust}' }] } }] }, null, 2);
    const directory = folder({ 'main.tf.json': mainJson, 'modules/inner/roles.tf.json': innerJson, 'plan.json': text });
    const result = await scan([join(directory, 'plan.json')]);
    const lineIn = (source: string, needle: string) => source.slice(0, source.indexOf(needle)).split('\n').length;
    const located = result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.location.file.slice(directory.length + 1), finding.location.startLine]);
    expect(located).toEqual([
      ['main.tf.json', lineIn(mainJson, '"assume_role_policy"')],
      ['modules/inner/roles.tf.json', lineIn(innerJson, '"assume_role_policy"')],
    ]);
  });
});

describe('policies the provider rendered at plan time', () => {
  // A data source Terraform reads while planning is in the prior state, its `json` in every policy written from it.
  const trustTf = [
    'data "aws_iam_policy_document" "trust" {', // 1
    '  statement {',
    '    sid     = "Notebooks"',
    '    actions = ["sts:TagSession", "sts:AssumeRole"]',
    '    principals {', // 5
    '      type        = "Service"',
    '      identifiers = ["sagemaker.amazonaws.com"]',
    '    }',
    '    condition {',
    '      test     = "StringEquals"', // 10
    '      variable = "aws:SourceArn"',
    // A finding on the condition's one value is here, where the value is written, not at its variable.
    `      values   = ["arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/*"]`,
    '    }',
    '  }',
    '  statement {', // 15
    '    actions = ["sts:AssumeRole"]',
    '    principals {',
    '      type        = "AWS"',
    '      identifiers = ["*"]',
    '    }', // 20
    '  }',
    '}',
    '',
  ];
  const condition = { test: 'StringEquals', variable: 'aws:SourceArn', values: [`arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/*`] };
  const statements = [
    { sid: 'Notebooks', effect: 'Allow', actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['sagemaker.amazonaws.com'] }], condition: [condition], resources: [], not_actions: [], not_principals: [], not_resources: [] },
    { sid: '', effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['*'] }], condition: [], resources: [], not_actions: [], not_principals: [], not_resources: [] },
  ];
  // As the AWS provider writes it: its own list order, one element as a string, an empty Sid.
  const rendered = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Notebooks', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: 'sagemaker.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceArn': condition.values[0] } } },
      { Sid: '', Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } },
    ],
  }, null, 2);
  const dataSource = (address: string, values: Record<string, unknown>) => {
    const parsed = parseAddress(address)!;
    return { address, mode: 'data', type: 'aws_iam_policy_document', name: parsed.name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: { id: '1', json: rendered, minified_json: JSON.stringify(JSON.parse(rendered)), version: '2012-10-17', statement: statements, ...values }, sensitive_values: {} };
  };
  const reads = (address: string) => ({ references: [`${address}.json`, address] });
  const located = async (files: Record<string, string>, target = '') => {
    const directory = folder(files);
    const result = await scan([join(directory, target)]);
    expect(result.errors).toEqual([]);
    return result.findings.map((finding) => `${finding.ruleId} ${finding.location.file.slice(directory.length + 1)}:${finding.location.startLine}`).sort();
  };
  const hclScan = async (files: Record<string, string>) => located(Object.fromEntries(Object.entries(files).filter(([name]) => name.endsWith('.tf'))));

  it('points a finding inside the policy at the element in the data source block, where the HCL scan of the folder points', async () => {
    const planned = plan([{ address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: rendered } }], {
      prior_state: { format_version: '1.0', values: { root_module: { resources: [dataSource('data.aws_iam_policy_document.trust', {})] } } },
      configuration: { root_module: { resources: [{ address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: reads('data.aws_iam_policy_document.trust') } }] } },
    });
    const files = { 'main.tf': [...trustTf, 'resource "aws_iam_role" "exec" {', '  name               = "exec"', '  assume_role_policy = data.aws_iam_policy_document.trust.json', '}', ''].join('\n'), 'plan.json': JSON.stringify(planned, null, 2) };
    const fromPlan = await located(files, 'plan.json');
    expect(fromPlan).toEqual(await hclScan(files));
    expect(fromPlan).toEqual(expect.arrayContaining(['policy-wildcard-in-equals-operator main.tf:12', 'trust-any-principal main.tf:19']));
  });

  it.each([
    ['source_policy_documents', '[data.aws_iam_policy_document.base.json]'],
    ['override_policy_documents', '[data.aws_iam_policy_document.base.json]'],
    // The data source referred to as a whole: its text is one of its attributes.
    ['source_policy_documents', '[for document in [data.aws_iam_policy_document.base] : document.json]'],
  ])('points a statement that %s takes from another data source (%s) into that one\'s block, as the HCL scan does', async (attribute, expression) => {
    const extraTf = [
      'data "aws_iam_policy_document" "trust" {',
      `  ${attribute} = ${expression}`,
      '  statement {',
      '    sid     = "Extra"',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["ec2.amazonaws.com"]',
      '    }',
      '  }',
      '}',
      '',
    ];
    const extra = { Sid: 'Extra', Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } };
    const baseStatements = (JSON.parse(rendered) as { Statement: unknown[] }).Statement;
    const merged = JSON.stringify({ Version: '2012-10-17', Statement: attribute === 'source_policy_documents' ? [...baseStatements, extra] : [extra, ...baseStatements] }, null, 2);
    const trust = dataSource('data.aws_iam_policy_document.trust', {
      json: merged,
      minified_json: JSON.stringify(JSON.parse(merged)),
      [attribute]: [rendered],
      statement: [{ sid: 'Extra', effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }], condition: [], resources: [], not_actions: [], not_principals: [], not_resources: [] }],
    });
    const planned = plan([{ address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: merged } }], {
      prior_state: { format_version: '1.0', values: { root_module: { resources: [dataSource('data.aws_iam_policy_document.base', {}), trust] } } },
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: reads('data.aws_iam_policy_document.trust') } },
            { address: 'data.aws_iam_policy_document.trust', mode: 'data', type: 'aws_iam_policy_document', name: 'trust', expressions: { [attribute]: expression.startsWith('[for') ? { references: ['data.aws_iam_policy_document.base'] } : reads('data.aws_iam_policy_document.base') } },
          ],
        },
      },
    });
    const baseTf = trustTf.join('\n').replace('"trust"', '"base"');
    const files = { 'main.tf': [baseTf, ...extraTf, 'resource "aws_iam_role" "exec" {', '  name               = "exec"', '  assume_role_policy = data.aws_iam_policy_document.trust.json', '}', ''].join('\n'), 'plan.json': JSON.stringify(planned, null, 2) };
    const fromPlan = await located(files, 'plan.json');
    expect(fromPlan).toEqual(expect.arrayContaining(['policy-wildcard-in-equals-operator main.tf:12', 'trust-any-principal main.tf:19']));
    expect(fromPlan).toEqual(await hclScan(files));
  });

  it('points a statement that a data source deferred to apply includes from one read at plan time into that one\'s block', async () => {
    const planned = plan([
      { address: 'data.aws_iam_policy_document.trust', values: { version: '2012-10-17', source_policy_documents: [rendered], statement: [] }, actions: ['read'], unknown: { json: true, minified_json: true, id: true } },
      { address: 'aws_iam_role.exec', values: { name: 'exec' }, unknown: { assume_role_policy: true, arn: true } },
    ], {
      prior_state: { format_version: '1.0', values: { root_module: { resources: [dataSource('data.aws_iam_policy_document.base', {})] } } },
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: reads('data.aws_iam_policy_document.trust') } },
            { address: 'data.aws_iam_policy_document.trust', mode: 'data', type: 'aws_iam_policy_document', name: 'trust', expressions: { source_policy_documents: reads('data.aws_iam_policy_document.base') } },
          ],
        },
      },
    });
    const trust = ['data "aws_iam_policy_document" "trust" {', '  source_policy_documents = [data.aws_iam_policy_document.base.json]', '}', ''];
    const files = { 'main.tf': [trustTf.join('\n').replace('"trust"', '"base"'), ...trust, 'resource "aws_iam_role" "exec" {', '  name               = "exec"', '  assume_role_policy = data.aws_iam_policy_document.trust.json', '}', ''].join('\n'), 'plan.json': JSON.stringify(planned, null, 2) };
    const fromPlan = await located(files, 'plan.json');
    expect(fromPlan).toEqual(expect.arrayContaining(['policy-wildcard-in-equals-operator main.tf:12', 'trust-any-principal main.tf:19']));
    expect(fromPlan).toEqual(await hclScan(files));
  });

  it('points a statement included from a counted data source through a splat into that data source\'s block', async () => {
    const blockOf = (sid: string, type: string, identifier: string) => ({ sid, effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type, identifiers: [identifier] }], condition: [], resources: [], not_actions: [], not_principals: [], not_resources: [] });
    const zero = { Sid: 'Zero', Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } };
    const open = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } };
    const text = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const read = (address: string, json: string, values: Record<string, unknown>) => dataSource(address, { json, minified_json: JSON.stringify(JSON.parse(json)), ...values });
    const planned = plan([{ address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: text([zero, open]) } }], {
      prior_state: { format_version: '1.0', values: { root_module: { resources: [
        read('data.aws_iam_policy_document.base[0]', text([zero]), { statement: [blockOf('Zero', 'Service', 'ec2.amazonaws.com')] }),
        read('data.aws_iam_policy_document.base[1]', text([open]), { statement: [blockOf('', 'AWS', '*')] }),
        read('data.aws_iam_policy_document.trust', text([zero, open]), { statement: [], source_policy_documents: [text([zero]), text([open])] }),
      ] } } },
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: reads('data.aws_iam_policy_document.trust') } },
            { address: 'data.aws_iam_policy_document.base', mode: 'data', type: 'aws_iam_policy_document', name: 'base', count_expression: { constant_value: 2 } },
            // data.aws_iam_policy_document.base[*].json: Terraform names the data source, not which instances.
            { address: 'data.aws_iam_policy_document.trust', mode: 'data', type: 'aws_iam_policy_document', name: 'trust', expressions: { source_policy_documents: { references: ['data.aws_iam_policy_document.base'] } } },
          ],
        },
      },
    });
    const tf = [
      'variable "docs" {',
      '  default = [{ sid = "Zero", type = "Service", id = "ec2.amazonaws.com" }, { sid = "", type = "AWS", id = "*" }]',
      '}',
      'data "aws_iam_policy_document" "base" {',
      '  count = 2',
      '  statement {',
      '    sid     = var.docs[count.index].sid',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = var.docs[count.index].type',
      '      identifiers = [var.docs[count.index].id]',
      '    }',
      '  }',
      '}',
      'data "aws_iam_policy_document" "trust" {',
      '  source_policy_documents = data.aws_iam_policy_document.base[*].json',
      '}',
      'resource "aws_iam_role" "exec" {',
      '  name               = "exec"',
      '  assume_role_policy = data.aws_iam_policy_document.trust.json',
      '}',
      '',
    ].join('\n');
    const files = { 'main.tf': tf, 'plan.json': JSON.stringify(planned, null, 2) };
    const fromPlan = (await located(files, 'plan.json')).filter((finding) => finding.startsWith('trust-any-principal'));
    expect(fromPlan).toEqual(['trust-any-principal main.tf:11']);
    expect(fromPlan).toEqual((await hclScan(files)).filter((finding) => finding.startsWith('trust-any-principal')));
  });

  it('tells apart included data sources that render the same text by their position, as Terraform merges them', async () => {
    // Without a Sid: the provider refuses two source documents that hold one.
    const open = (name: string) => [`data "aws_iam_policy_document" "${name}" {`, '  statement {', '    actions = ["sts:AssumeRole"]', '    principals {', '      type        = "AWS"', '      identifiers = ["*"]', '    }', '  }', '}', ''];
    {
      const statement = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } };
      const one = JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
      const merged = JSON.stringify({ Version: '2012-10-17', Statement: [statement, statement] }, null, 2);
      const blockValues = [{ sid: '', effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['*'] }], condition: [], resources: [], not_actions: [], not_principals: [], not_resources: [] }];
      const read = (name: string, values: Record<string, unknown>) => dataSource(`data.aws_iam_policy_document.${name}`, { json: one, minified_json: JSON.stringify(JSON.parse(one)), statement: blockValues, ...values });
      const planned = plan([{ address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: merged } }], {
        prior_state: { format_version: '1.0', values: { root_module: { resources: [read('a', {}), read('b', {}), read('trust', { json: merged, minified_json: JSON.stringify(JSON.parse(merged)), statement: [], source_policy_documents: [one, one] })] } } },
        configuration: {
          root_module: {
            resources: [
              { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: reads('data.aws_iam_policy_document.trust') } },
              { address: 'data.aws_iam_policy_document.trust', mode: 'data', type: 'aws_iam_policy_document', name: 'trust', expressions: { source_policy_documents: { references: ['data.aws_iam_policy_document.a.json', 'data.aws_iam_policy_document.a', 'data.aws_iam_policy_document.b.json', 'data.aws_iam_policy_document.b'] } } },
            ],
          },
        },
      });
      const tf = [...open('a'), ...open('b'), 'data "aws_iam_policy_document" "trust" {', '  source_policy_documents = [data.aws_iam_policy_document.a.json, data.aws_iam_policy_document.b.json]', '}', 'resource "aws_iam_role" "exec" {', '  name               = "exec"', '  assume_role_policy = data.aws_iam_policy_document.trust.json', '}', ''].join('\n');
      const files = { 'main.tf': tf, 'plan.json': JSON.stringify(planned, null, 2) };
      const fromPlan = (await located(files, 'plan.json')).filter((finding) => finding.startsWith('trust-any-principal'));
      expect(fromPlan).toEqual(['trust-any-principal main.tf:16', 'trust-any-principal main.tf:6']);
      expect(fromPlan).toEqual((await hclScan(files)).filter((finding) => finding.startsWith('trust-any-principal')));
    }
  });

  it('reads a plan whose documents include each other (Terraform refuses the cycle) without looping', async () => {
    const including = (name: string) => dataSource(`data.aws_iam_policy_document.${name}`, { source_policy_documents: [rendered], statement: [] });
    const planned = plan([{ address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: rendered } }], {
      prior_state: { format_version: '1.0', values: { root_module: { resources: [including('a'), including('b')] } } },
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: reads('data.aws_iam_policy_document.a') } },
            { address: 'data.aws_iam_policy_document.a', mode: 'data', type: 'aws_iam_policy_document', name: 'a', expressions: { source_policy_documents: reads('data.aws_iam_policy_document.b') } },
            { address: 'data.aws_iam_policy_document.b', mode: 'data', type: 'aws_iam_policy_document', name: 'b', expressions: { source_policy_documents: reads('data.aws_iam_policy_document.a') } },
          ],
        },
      },
    });
    const cycleTf = ['a', 'b'].map((name) => `data "aws_iam_policy_document" "${name}" {\n  source_policy_documents = [data.aws_iam_policy_document.${name === 'a' ? 'b' : 'a'}.json]\n}\n`).join('');
    const files = { 'main.tf': `${cycleTf}resource "aws_iam_role" "exec" {\n  name               = "exec"\n  assume_role_policy = data.aws_iam_policy_document.a.json\n}\n`, 'plan.json': JSON.stringify(planned, null, 2) };
    // a reads b's document, and b's own include of a is its text: located at b's attribute.
    expect(await located(files, 'plan.json')).toEqual(expect.arrayContaining(['trust-any-principal main.tf:5']));
  });

  it('points into a block whose optional dynamic blocks wrote nothing', async () => {
    const planned = plan([{ address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: rendered } }], {
      prior_state: { format_version: '1.0', values: { root_module: { resources: [dataSource('data.aws_iam_policy_document.trust', {})] } } },
      configuration: { root_module: { resources: [{ address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: reads('data.aws_iam_policy_document.trust') } }] } },
    });
    // An external id condition, and a statement for more principals, each written only when asked for.
    const optional = ['    dynamic "condition" {', '      for_each = var.external_id == null ? [] : [var.external_id]', '      content {', '        test     = "StringEquals"', '        variable = "sts:ExternalId"', '        values   = [condition.value]', '      }', '    }'];
    const more = ['  dynamic "statement" {', '    for_each = var.more', '    content {', '      actions = ["sts:AssumeRole"]', '      principals {', '        type        = "AWS"', '        identifiers = [statement.value]', '      }', '    }', '  }'];
    const variables = ['variable "external_id" {', '  default = null', '}', 'variable "more" {', '  default = []', '}', ''];
    const tf = [...trustTf.slice(0, 20), ...optional, trustTf[20]!, ...more, ...trustTf.slice(21), ...variables, 'resource "aws_iam_role" "exec" {', '  name               = "exec"', '  assume_role_policy = data.aws_iam_policy_document.trust.json', '}', ''].join('\n');
    const files = { 'main.tf': tf, 'plan.json': JSON.stringify(planned, null, 2) };
    const fromPlan = await located(files, 'plan.json');
    expect(fromPlan).toEqual(expect.arrayContaining(['policy-wildcard-in-equals-operator main.tf:12', 'trust-any-principal main.tf:19']));
    expect(fromPlan).toEqual(await hclScan(files));
  });

  it('follows the document through a module output, to the block of the module instance', async () => {
    const planned = plan([{ address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: rendered } }], {
      prior_state: { format_version: '1.0', values: { root_module: { child_modules: [{ address: 'module.docs', resources: [dataSource('module.docs.data.aws_iam_policy_document.trust', {})] }] } } },
      configuration: {
        root_module: {
          resources: [{ address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: { references: ['module.docs.trust', 'module.docs'] } } }],
          module_calls: { docs: { source: './docs', module: { resources: [], outputs: { trust: { expression: reads('data.aws_iam_policy_document.trust') } } } } },
        },
      },
    });
    const files = {
      'main.tf': ['module "docs" {', '  source = "./docs"', '}', 'resource "aws_iam_role" "exec" {', '  name               = "exec"', '  assume_role_policy = module.docs.trust', '}', ''].join('\n'),
      'docs/main.tf': [...trustTf, 'output "trust" {', '  value = data.aws_iam_policy_document.trust.json', '}', ''].join('\n'),
      'plan.json': JSON.stringify(planned, null, 2),
    };
    const fromPlan = await located(files, 'plan.json');
    expect(fromPlan).toEqual(expect.arrayContaining(['policy-wildcard-in-equals-operator docs/main.tf:12', 'trust-any-principal docs/main.tf:19']));
    expect(fromPlan).toEqual(await hclScan(files));
  });

  it('resolves a module output that both a role and an included document read alike, whichever is read first', async () => {
    // The output passes on a role's name and a document read at plan time: the role policy's role is linked among the
    // planned instances (the document's value is known when planning), the included text matched among both.
    const output = { references: ['aws_iam_role.r.name', 'aws_iam_role.r', 'data.aws_iam_policy_document.base.json', 'data.aws_iam_policy_document.base'] };
    const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const resources = [
      { address: 'module.m.aws_iam_role.r', values: { name_prefix: 'r', assume_role_policy: sagemakerTrust }, unknown: { name: true, arn: true, id: true } },
      { address: 'module.m.aws_sagemaker_notebook_instance.nb', values: { name: 'nb', instance_type: 'ml.t3.medium' }, unknown: { role_arn: true } },
      { address: 'data.aws_iam_policy_document.trust', values: { version: '2012-10-17', source_policy_documents: [rendered], statement: [] }, actions: ['read'], unknown: { json: true, minified_json: true, id: true } },
      { address: 'aws_iam_role.exec', values: { name: 'exec' }, unknown: { assume_role_policy: true, arn: true } },
    ];
    const policy = { address: 'aws_iam_role_policy.admin', values: { name: 'admin', policy: JSON.stringify(admin) }, unknown: { role: true } };
    const extra = {
      prior_state: { format_version: '1.0', values: { root_module: { child_modules: [{ address: 'module.m', resources: [dataSource('module.m.data.aws_iam_policy_document.base', {})] }] } } },
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: reads('data.aws_iam_policy_document.trust') } },
            { address: 'data.aws_iam_policy_document.trust', mode: 'data', type: 'aws_iam_policy_document', name: 'trust', expressions: { source_policy_documents: { references: ['module.m.o.doc', 'module.m.o', 'module.m'] } } },
            { address: 'aws_iam_role_policy.admin', mode: 'managed', type: 'aws_iam_role_policy', name: 'admin', expressions: { role: { references: ['module.m.o.role', 'module.m.o', 'module.m'] } } },
          ],
          module_calls: {
            m: {
              source: './m',
              module: {
                resources: [
                  { address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', expressions: {} },
                  { address: 'aws_sagemaker_notebook_instance.nb', mode: 'managed', type: 'aws_sagemaker_notebook_instance', name: 'nb', expressions: { role_arn: { references: ['aws_iam_role.r.arn', 'aws_iam_role.r'] } } },
                  { address: 'data.aws_iam_policy_document.base', mode: 'data', type: 'aws_iam_policy_document', name: 'base', expressions: {} },
                ],
                outputs: { o: { expression: output } },
              },
            },
          },
        },
      },
    };
    const tf = {
      'main.tf': [
        'module "m" {',
        '  source = "./m"',
        '}',
        'data "aws_iam_policy_document" "trust" {',
        '  source_policy_documents = [module.m.o.doc]',
        '}',
        'resource "aws_iam_role" "exec" {',
        '  name               = "exec"',
        '  assume_role_policy = data.aws_iam_policy_document.trust.json',
        '}',
        'resource "aws_iam_role_policy" "admin" {',
        '  name   = "admin"',
        '  role   = module.m.o.role',
        `  policy = ${JSON.stringify(JSON.stringify(admin))}`,
        '}',
        '',
      ].join('\n'),
      'm/main.tf': [
        ...trustTf,
        'resource "aws_iam_role" "r" {',
        '  name_prefix        = "r"',
        `  assume_role_policy = ${JSON.stringify(sagemakerTrust)}`,
        '}',
        'resource "aws_sagemaker_notebook_instance" "nb" {',
        '  name          = "nb"',
        '  instance_type = "ml.t3.medium"',
        '  role_arn      = aws_iam_role.r.arn',
        '}',
        'output "o" {',
        '  value = { role = aws_iam_role.r.name, doc = data.aws_iam_policy_document.base.json }',
        '}',
        '',
      ].join('\n').replace('"trust"', '"base"'),
    };
    const expected = await hclScan(tf);
    expect(expected).toEqual(expect.arrayContaining(['sagemaker-execution-role-admin main.tf:14', 'policy-wildcard-in-equals-operator m/main.tf:12', 'trust-any-principal m/main.tf:19']));
    // Resources are read in the plan's order: the role policy's role is linked before the including document is built, then after.
    for (const ordered of [[policy, ...resources], [...resources, policy]]) {
      expect(await located({ ...tf, 'plan.json': JSON.stringify(plan(ordered, extra), null, 2) }, 'plan.json')).toEqual(expected);
    }
  });

  it('keeps the attribute line when the block writes other statements than the plan read, or the policy is built from the text, or the folder is not given', async () => {
    const configuration = (expression: unknown) => ({ root_module: { resources: [{ address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', expressions: { assume_role_policy: expression } }] } });
    const planned = (expression: unknown) =>
      JSON.stringify(plan([{ address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: rendered } }], { prior_state: { format_version: '1.0', values: { root_module: { resources: [dataSource('data.aws_iam_policy_document.trust', {})] } } }, configuration: configuration(expression) }), null, 2);
    const role = (policy: string) => ['resource "aws_iam_role" "exec" {', '  name               = "exec"', `  assume_role_policy = ${policy}`, '}', ''].join('\n');
    // The folder changed since the plan: its second statement now trusts a partner, not everyone.
    const edited = trustTf.join('\n').replace('identifiers = ["*"]', 'identifiers = ["arn:aws:iam::210987654321:root"]');
    expect(await located({ 'main.tf': `${edited}${role('data.aws_iam_policy_document.trust.json')}`, 'plan.json': planned(reads('data.aws_iam_policy_document.trust')) }, 'plan.json')).toEqual(
      expect.arrayContaining(['policy-wildcard-in-equals-operator main.tf:25', 'trust-any-principal main.tf:25']),
    );
    const attributeLine = (text: string) => text.slice(0, text.indexOf('assume_role_policy')).split('\n').length;
    const atAttribute = async (text: string, name = 'main.tf') => {
      const found = await located({ [name]: text, 'plan.json': planned(reads('data.aws_iam_policy_document.trust')) }, 'plan.json');
      expect(found).toEqual(expect.arrayContaining([`policy-wildcard-in-equals-operator ${name}:${attributeLine(text)}`, `trust-any-principal ${name}:${attributeLine(text)}`]));
    };
    // Its second statement deleted since the plan, or written by a dynamic block that now trusts a partner.
    await atAttribute(`${[...trustTf.slice(0, 14), ...trustTf.slice(21)].join('\n')}${role('data.aws_iam_policy_document.trust.json')}`);
    const dynamic = ['  dynamic "statement" {', '    for_each = ["partner"]', '    content {', '      actions = ["sts:AssumeRole"]', '      principals {', '        type        = "AWS"', '        identifiers = ["arn:aws:iam::210987654321:root"]', '      }', '    }', '  }'];
    await atAttribute(`${[...trustTf.slice(0, 14), ...dynamic, ...trustTf.slice(21)].join('\n')}${role('data.aws_iam_policy_document.trust.json')}`);
    // A statement added above the others since the plan, or the two swapped: a list keeps the file's order.
    const partner = ['  statement {', '    actions = ["sts:AssumeRole"]', '    principals {', '      type        = "AWS"', '      identifiers = ["arn:aws:iam::210987654321:root"]', '    }', '  }'];
    await atAttribute(`${[trustTf[0]!, ...partner, ...trustTf.slice(1)].join('\n')}${role('data.aws_iam_policy_document.trust.json')}`);
    await atAttribute(`${[trustTf[0]!, ...trustTf.slice(14, 21), ...trustTf.slice(1, 14), ...trustTf.slice(21)].join('\n')}${role('data.aws_iam_policy_document.trust.json')}`);
    // A .tf.json block is compared with the plan as an HCL one: written as the plan read it, findings point into it as
    // the scan of the folder points; its second statement trusting a partner since the plan, at the attribute.
    const principals = (type: string, identifiers: string[]) => ({ principals: { type, identifiers } });
    const tfJson = (trusted: string) => JSON.stringify({
      data: { aws_iam_policy_document: { trust: { statement: [{ sid: 'Notebooks', actions: ['sts:TagSession', 'sts:AssumeRole'], ...principals('Service', ['sagemaker.amazonaws.com']), condition: { test: 'StringEquals', variable: 'aws:SourceArn', values: condition.values } }, { actions: ['sts:AssumeRole'], ...principals('AWS', [trusted]) }] } } },
      resource: { aws_iam_role: { exec: { name: 'exec', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' } } },
    }, null, 2);
    const inJsonBlock = await located({ 'main.tf.json': tfJson('*'), 'plan.json': planned(reads('data.aws_iam_policy_document.trust')) }, 'plan.json');
    expect(inJsonBlock).toEqual(expect.arrayContaining(['policy-wildcard-in-equals-operator main.tf.json:21', 'trust-any-principal main.tf.json:32']));
    expect(inJsonBlock).toEqual(await located({ 'main.tf.json': tfJson('*') }));
    await atAttribute(tfJson('arn:aws:iam::210987654321:root'), 'main.tf.json');
    const replaced = 'replace(data.aws_iam_policy_document.trust.json, "Notebooks", "Notebooks")';
    const built = await located({ 'main.tf': `${trustTf.join('\n')}${role(replaced)}`, 'plan.json': planned(reads('data.aws_iam_policy_document.trust')) }, 'plan.json');
    expect(built).toEqual(expect.arrayContaining(['policy-wildcard-in-equals-operator main.tf:25', 'trust-any-principal main.tf:25']));
    const alone = await located({ 'plan.json': planned(reads('data.aws_iam_policy_document.trust')) });
    expect(alone.length).toBeGreaterThan(0);
    expect(alone.every((finding) => finding.endsWith(`plan.json:${planned(reads('')).split('\n').findIndex((line) => line.includes('"assume_role_policy"')) + 1}`))).toBe(true);
  });

  it('gives a notebook whose role_arn the .tf builds from a role no edge to it, as the HCL scan of the folder does: no admin role of its, no fix covering it', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const planned = plan(
      [
        { address: 'aws_iam_role.exec', values: { name: 'exec', assume_role_policy: JSON.stringify(trust) }, unknown: { arn: true } },
        { address: 'aws_iam_role_policy_attachment.admin', values: { role: 'exec', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
        { address: 'aws_sagemaker_notebook_instance.nb', values: { name: 'nb', instance_type: 'ml.t3.medium' }, unknown: { role_arn: true } },
      ],
      { configuration: { root_module: { resources: [{ address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } }] } } },
    );
    const tf = (roleArn: string) => [
      'resource "aws_iam_role" "exec" {',
      '  name = "exec"',
      '  assume_role_policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]',
      '  })',
      '}',
      'resource "aws_iam_role_policy_attachment" "admin" {',
      '  role       = aws_iam_role.exec.name',
      '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"',
      '}',
      'resource "aws_sagemaker_notebook_instance" "nb" {',
      '  name          = "nb"',
      '  instance_type = "ml.t3.medium"',
      `  role_arn      = ${roleArn}`,
      '}',
      '',
    ].join('\n');
    const findings = async (files: Record<string, string>, target = '') => {
      const directory = folder(files);
      const result = await scan([join(directory, target)]);
      expect(result.errors).toEqual([]);
      return result.findings.filter((finding) => /^(trust|sagemaker-execution)-/.test(finding.ruleId)).map((finding) => `${finding.ruleId} ${finding.location.file.slice(directory.length + 1)}:${finding.location.startLine} ${finding.fix?.description ?? ''}`).sort();
    };
    // replace() and lower() compute their result from the ARN's text: the HCL scan no more takes it for the role than the plan does.
    const built = ['"${aws_iam_role.exec.arn}-v2"', 'replace(aws_iam_role.exec.arn, "exec", "other")', 'lower(aws_iam_role.exec.arn)'];
    for (const [roleArn, usesExec] of [['aws_iam_role.exec.arn', true], ...built.map((written) => [written, false] as const)] as const) {
      const files = { 'main.tf': tf(roleArn), 'plan.json': JSON.stringify(planned, null, 2) };
      const fromTf = await findings({ 'main.tf': files['main.tf'] });
      expect(fromTf.some((finding) => finding.startsWith('sagemaker-execution-role-admin main.tf:10')), roleArn).toBe(usesExec);
      expect(fromTf.some((finding) => finding.startsWith('trust-service-without-source-condition main.tf:5') && finding.includes('covers aws_sagemaker_notebook_instance.nb')), roleArn).toBe(usesExec);
      expect(await findings(files, 'plan.json'), roleArn).toEqual(fromTf);
    }
  });
});

describe('suppressions in the folder of a plan', () => {
  it("honours the user's deputy:ignore comments of the declaring block, not those of installed modules, and reports a malformed one", async () => {
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const planned = plan([
      { address: 'aws_iam_role.quiet', values: { name: 'quiet', assume_role_policy: open } },
      { address: 'aws_iam_role.loud', values: { name: 'loud', assume_role_policy: open } },
      { address: 'module.vendor.aws_iam_role.this', values: { name: 'vendor', assume_role_policy: open } },
    ], { configuration: { root_module: { resources: [], module_calls: { vendor: { source: 'acme/role/aws', module: { resources: [] } } } } } });
    const role = (name: string, before = '') => `${before}resource "aws_iam_role" "${name}" {\n  name               = "${name}"\n  assume_role_policy = var.trust\n}\n`;
    const directory = folder({
      'main.tf': `${role('quiet', '# deputy:ignore trust-any-principal -- a sandbox account, SEC-7\n')}${role('loud', '# deputy:ignore trust-any-principal\n')}module "vendor" {\n  source = "acme/role/aws"\n}\n`,
      '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: 'vendor', Source: 'registry.terraform.io/acme/role/aws', Dir: '.terraform/modules/vendor' }] }),
      '.terraform/modules/vendor/main.tf': role('this', '# deputy:ignore trust-any-principal -- the authors say so\n').replace('"this"\n  name               = "this"', '"this"\n  name               = "vendor"'),
      'plan.json': JSON.stringify(planned, null, 2),
    });
    const result = await scan([join(directory, 'plan.json')]);
    const anyPrincipal = result.findings.filter((finding) => finding.ruleId === 'trust-any-principal');
    expect(anyPrincipal.map((finding) => [finding.resource.address, finding.suppressed?.reason])).toEqual([
      ['aws_iam_role.quiet', 'a sandbox account, SEC-7'],
      ['aws_iam_role.loud', undefined],
      ['module.vendor.aws_iam_role.this', undefined],
    ]);
    expect(result.errors).toEqual([expect.objectContaining({ file: join(directory, 'main.tf'), line: 6, message: expect.stringContaining('has no reason') })]);
  });

  it('honours a deputy:ignore on an override block, and reports one that no block holds or follows in the folders the plan stands for, as the HCL scan does', async () => {
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const planned = plan([
      { address: 'aws_iam_role.dev', values: { name: 'dev', assume_role_policy: open } },
      { address: 'module.team.aws_iam_role.team', values: { name: 'team', assume_role_policy: open } },
    ], { configuration: { root_module: { resources: [], module_calls: { team: { source: './modules/team', module: { resources: [] } } } } } });
    const role = (name: string) => `resource "aws_iam_role" "${name}" {\n  name               = "${name}"\n  assume_role_policy = var.trust\n}\n`;
    const stray = '# deputy:ignore trust-any-principal -- nowhere\n\nlocals {}\n';
    const tree = {
      'main.tf': `${role('dev')}module "team" {\n  source = "./modules/team"\n}\n`,
      'dev_override.tf': `# deputy:ignore trust-any-principal -- the dev account only\nresource "aws_iam_role" "dev" {\n  description = "dev"\n}\n`,
      'modules/team/main.tf': role('team') + stray,
      // Not a folder the plan stands for: the plan's HCL is not read there.
      'unrelated/main.tf': stray,
      'plan.json': JSON.stringify(planned, null, 2),
    };
    const directory = folder(tree);
    const result = await scan([join(directory, 'plan.json')]);
    expect(result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.resource.address, finding.suppressed?.reason])).toEqual([
      ['aws_iam_role.dev', 'the dev account only'],
      ['module.team.aws_iam_role.team', undefined],
    ]);
    const stranded = [join(directory, 'modules/team/main.tf'), 5, 'deputy:ignore is neither inside a resource, data or module block nor on the line before one, so it suppresses nothing'];
    expect(result.errors.map((error) => [error.file, error.line, error.message])).toEqual([stranded]);
    // Two plans of the folder, or a plan and an HCL root that call the module, read it each: the error is reported once.
    const { 'unrelated/main.tf': _unrelated, ...planFolder } = tree;
    const shared = folder({ ...planFolder, 'plan-staging.json': tree['plan.json'], 'prod/main.tf': 'module "team" {\n  source = "../modules/team"\n}\n' });
    const both = await scan(['.'], { cwd: shared });
    expect(both.errors.map((error) => [error.file, error.line, error.message])).toEqual([['modules/team/main.tf', 5, stranded[2]]]);
  });

  it('applies a deputy:ignore in a data block to the findings located inside it, read at plan time or deferred, and reports one that matches nothing', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const statement = { actions: ['sts:AssumeRole'], condition: [], effect: 'Allow', not_actions: [], not_principals: [], not_resources: [], resources: [], sid: '', principals: [{ type: 'Service', identifiers: ['sagemaker.amazonaws.com'] }] };
    const references = (document: string) => ({ references: [`data.aws_iam_policy_document.${document}.json`, `data.aws_iam_policy_document.${document}`] });
    const planned = plan(
      [
        { address: 'data.aws_iam_policy_document.read', values: { version: '2012-10-17', statement: [statement], json: JSON.stringify(trust) }, actions: ['read'] },
        { address: 'aws_iam_role.read', values: { name: 'read', assume_role_policy: JSON.stringify(trust) } },
        { address: 'data.aws_iam_policy_document.deferred', values: { version: '2012-10-17', statement: [statement] }, actions: ['read'], unknown: { json: true, minified_json: true, id: true } },
        { address: 'aws_iam_role.deferred', values: { name: 'deferred' }, unknown: { assume_role_policy: true, arn: true } },
        { address: 'data.aws_iam_policy_document.stale', values: { version: '2012-10-17', statement: [statement], json: JSON.stringify(trust) }, actions: ['read'] },
      ],
      { configuration: { root_module: { resources: [{ address: 'aws_iam_role.read', expressions: { assume_role_policy: references('read') } }, { address: 'aws_iam_role.deferred', expressions: { assume_role_policy: references('deferred') } }] } } },
    );
    const document = (name: string, comment: string) => `data "aws_iam_policy_document" "${name}" {\n  ${comment}\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = ["sagemaker.amazonaws.com"]\n    }\n  }\n}\n`;
    const role = (name: string) => `resource "aws_iam_role" "${name}" {\n  name               = "${name}"\n  assume_role_policy = data.aws_iam_policy_document.${name}.json\n}\n`;
    const directory = folder({
      'main.tf': [
        document('read', '# deputy:ignore trust-service-without-source-condition -- read at plan time'),
        role('read'),
        document('deferred', '# deputy:ignore trust-service-without-source-condition -- deferred to apply'),
        role('deferred'),
        document('stale', '# deputy:ignore trust-any-principal -- never opened'),
      ].join(''),
      'plan.json': JSON.stringify(planned, null, 2),
    });
    const result = await scan([join(directory, 'plan.json')]);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.location.startLine, finding.suppressed?.reason])).toEqual([
      ['trust-service-without-source-condition', 'aws_iam_role.read', 7, 'read at plan time'],
      ['trust-service-without-source-condition', 'aws_iam_role.deferred', 21, 'deferred to apply'],
      ['deputy-unused-suppression', 'data.aws_iam_policy_document.stale', 30, undefined],
    ]);
  });

  it('applies a deputy:ignore in a module block to the findings on statements the dynamic blocks of the code it calls make of its objects, as the HCL scan does', async () => {
    // A real plan (terraform show -json) of the folder: the HCL scan and the plan locate each finding in the object the
    // module block passes; the comments in (or before) the blocks suppress it in both,
    // through a module between them too, and one on a call of a module that writes its statement itself in neither.
    const written = join(import.meta.dirname, 'module-dynamic-suppressions');
    const files = ['main.tf', 'modules/role/main.tf', 'modules/static/main.tf', 'modules/wrapper/main.tf'];
    const hcl = folder(Object.fromEntries(files.map((name) => [name, readFileSync(join(written, name), 'utf8')])));
    const outcome = (findings: readonly Finding[]) =>
      findings
        .map((finding) => [finding.ruleId, finding.resource.address, finding.suppressed?.reason ?? null])
        .sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`));
    const expected = [
      ['deputy-unused-suppression', 'module.static', null],
      ['trust-service-without-source-condition', 'module.before.aws_iam_role.this', 'on the line before'],
      ['trust-service-without-source-condition', 'module.inside.aws_iam_role.this', 'inside the block'],
      ['trust-service-without-source-condition', 'module.loud.aws_iam_role.this', null],
      ['trust-service-without-source-condition', 'module.static.aws_iam_role.this', null],
      ['trust-service-without-source-condition', 'module.wrapped.module.inner.aws_iam_role.this', 'through a module between'],
    ];
    const fromFiles = await scan([hcl]);
    expect(fromFiles.errors).toEqual([]);
    expect(outcome(fromFiles.findings)).toEqual(expected);
    const fromPlan = await scan([written]);
    expect(fromPlan.errors).toEqual([]);
    expect(outcome(fromPlan.findings)).toEqual(expected);
    // The plan locates them where the .tf files alone do: in the objects the module blocks write (through the module
    // between them too), and fixes them in the module's dynamic block, whose conditions the objects cannot write.
    const places = (findings: readonly Finding[], root: string) =>
      findings.filter((finding) => finding.ruleId !== 'deputy-unused-suppression').map((finding) => `${relative(root, resolve(finding.location.file))}:${finding.location.startLine} ${finding.fix?.description.replace(/\S*(?=modules\/role\/)/g, '')}`);
    expect(places(fromPlan.findings, written)).toEqual(places(fromFiles.findings, hcl));
    expect(places(fromPlan.findings, written).map((place) => place.split(' ')[0])).toEqual(['main.tf:11', 'main.tf:22', 'main.tf:32', 'main.tf:43', 'modules/static/main.tf:6']);
  });

  it('gives no notice for a module folder outside the scanned folders that declares no resource of the plan', async () => {
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const planned = plan([{ address: 'aws_iam_role.dev', values: { name: 'dev', assume_role_policy: open } }], {
      configuration: { root_module: { resources: [], module_calls: { labels: { source: '../labels', module: { resources: [], outputs: { name: { expression: { constant_value: 'x' } } } } } } } },
    });
    const directory = folder({ 'envs/dev/main.tf': 'resource "aws_iam_role" "dev" {\n  name               = "dev"\n  assume_role_policy = var.trust\n}\nmodule "labels" {\n  source = "../labels"\n}\n', 'envs/dev/plan.json': JSON.stringify(planned, null, 2), 'envs/labels/main.tf': '# deputy:ignore trust-any-principal -- nowhere\n\noutput "name" {\n  value = "x"\n}\n' });
    const result = await scan([join(directory, 'envs/dev')]);
    expect(result.notices.map((notice) => notice.message)).toEqual([expect.stringMatching(/^analyzed through its plan/)]);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.location.file.slice(directory.length + 1)}:${finding.location.startLine}`)).toEqual(['trust-any-principal envs/dev/main.tf:3']);
  });
});

describe('new or existing findings, and --changed-only', () => {
  const open = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: action }] });
  const reordered = JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Principal: { AWS: '*' }, Effect: 'Allow' }], Version: '2012-10-17' });
  const document = plan([
    { address: 'aws_iam_role.deployed', values: { name: 'deployed', assume_role_policy: open('sts:AssumeRole') }, actions: ['no-op'], before: { name: 'deployed', assume_role_policy: reordered } },
    { address: 'aws_iam_role.tags_changed', values: { name: 'tags', assume_role_policy: open('sts:AssumeRole'), tags: { a: 'b' } }, actions: ['update'], before: { name: 'tags', assume_role_policy: open('sts:AssumeRole'), tags: {} } },
    { address: 'aws_iam_role.policy_changed', values: { name: 'changed', assume_role_policy: open('sts:AssumeRole') }, actions: ['update'], before: { name: 'changed', assume_role_policy: open('sts:TagSession') } },
    { address: 'aws_iam_role.created', values: { name: 'created', assume_role_policy: open('sts:AssumeRole') } },
  ]);

  // Minified, each change is parsed on its own and its `before` read again from its text (changes.ts).
  it.each([
    ['pretty', JSON.stringify(document, null, 2)],
    ['minified', JSON.stringify(document)],
  ])('says existing when the resource is deployed with the same policy, else new, and carries the change (%s)', async (_, text) => {
    const directory = folder({ 'plan.json': text });
    const result = await scan([join(directory, 'plan.json')]);
    const statuses = result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.resource.address, finding.change, finding.status]);
    expect(statuses).toEqual([
      ['aws_iam_role.deployed', 'no-op', 'existing'],
      ['aws_iam_role.tags_changed', 'update', 'existing'],
      ['aws_iam_role.policy_changed', 'update', 'new'],
      ['aws_iam_role.created', 'create', 'new'],
    ]);
    const changedOnly = await scan([join(directory, 'plan.json')], { changedOnly: true });
    expect(changedOnly.findings.map((finding) => finding.resource.address)).toEqual(['aws_iam_role.tags_changed', 'aws_iam_role.policy_changed', 'aws_iam_role.created']);
  });

  it('says neither new nor existing, nor changed, for a resource the plan lists no change for (a plan trimmed to planned_values)', async () => {
    const trimmed = { ...document, resource_changes: undefined };
    const directory = folder({ 'plan.json': JSON.stringify(trimmed, null, 2) });
    const result = await scan([join(directory, 'plan.json')]);
    const found = result.findings.filter((finding) => finding.ruleId === 'trust-any-principal');
    expect(found.map((finding) => [finding.resource.address, finding.change, finding.status, finding.changed])).toEqual(
      ['deployed', 'tags_changed', 'policy_changed', 'created'].map((name) => [`aws_iam_role.${name}`, undefined, undefined, undefined]),
    );
  });

  it('says existing and not changed for a resource a targeted plan neither lists nor changes (read from prior_state), which --changed-only leaves out', async () => {
    const targeted = plan([{ address: 'aws_iam_role.created', values: { name: 'created', assume_role_policy: open('sts:AssumeRole') } }]);
    const untouched = { name: 'untouched', assume_role_policy: open('sts:AssumeRole') };
    targeted.prior_state = { format_version: '1.0', values: { root_module: { resources: [
      { address: 'aws_iam_role.untouched', mode: 'managed', type: 'aws_iam_role', name: 'untouched', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: untouched, sensitive_values: {} },
    ] } } };
    const directory = folder({ 'plan.json': JSON.stringify(targeted, null, 2) });
    const result = await scan([join(directory, 'plan.json')]);
    const found = result.findings.filter((finding) => finding.ruleId === 'trust-any-principal');
    expect(found.map((finding) => [finding.resource.address, finding.change, finding.status, finding.changed])).toEqual([
      ['aws_iam_role.created', 'create', 'new', true],
      ['aws_iam_role.untouched', undefined, 'existing', false],
    ]);
    const changedOnly = await scan([join(directory, 'plan.json')], { changedOnly: true });
    expect(changedOnly.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => finding.resource.address)).toEqual(['aws_iam_role.created']);
  });

  it('says what a real plan does to each finding: create, update, replace, no-op; a delete is not reported; --changed-only keeps the created, updated and replaced', async () => {
    // terraform plan -refresh=false of change-kinds/main.tf against a state written by hand (its prior_state): roles
    // updated (description), replaced (renamed), noop and deleted trust any principal as deployed; fixed did and no
    // longer does; broke did not and now does; created is new.
    const planFile = join(import.meta.dirname, 'change-kinds', 'plan.json');
    const result = await scan([planFile]);
    expect(result.errors).toEqual([]);
    const described = (findings: readonly Finding[]) =>
      findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.resource.address, finding.change, finding.status, finding.changed]);
    expect(described(result.findings)).toEqual([
      ['aws_iam_role.broke', 'update', 'new', true],
      ['aws_iam_role.created', 'create', 'new', true],
      ['aws_iam_role.noop', 'no-op', 'existing', false],
      ['aws_iam_role.replaced', 'replace', 'existing', true],
      ['aws_iam_role.updated', 'update', 'existing', true],
    ]);
    const changedOnly = await scan([planFile], { changedOnly: true });
    expect(described(changedOnly.findings)).toEqual(described(result.findings).filter(([address]) => address !== 'aws_iam_role.noop'));
  });

  it('refuses a real plan whose change writes after_unknown as a string, where Terraform writes an object (or true), at its line and column', () => {
    const real = readFileSync(join(import.meta.dirname, 'targeted', 'plan.json'), 'utf8');
    const key = real.indexOf('"after_unknown":');
    const text = `${real.slice(0, key)}"after_unknown":"arn"${real.slice(real.indexOf('},', key) + 1)}`;
    const parsed = parseTerraformPlan('plan.json', text);
    expect(parsed.errors).toEqual([{ file: 'plan.json', line: 1, column: key + 1, message: 'not a Terraform plan: its resource_changes[0].change.after_unknown is not an object (or true), as terraform show -json writes it' }]);
    expect(parseTerraformPlan('plan.json', real).errors).toEqual([]);
  });

  it('locates a finding in a template file that starts with a byte order mark, beside a real plan, at the column an editor shows', async () => {
    // terraform plan of templatefile() over trust.tpl, which begins with the mark: HCL's template parser skips it.
    const result = await scan([join(import.meta.dirname, 'marked-template', 'plan.json')]);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((finding) => [finding.ruleId, `${finding.location.file}:${finding.location.startLine}:${finding.location.startColumn}`])).toEqual([
      ['trust-service-without-source-condition', 'test/parsers/terraform-plan/marked-template/trust.tpl:1:95'],
    ]);
  });

  it('says of a resource a targeted plan leaves as deployed, which its .tf files change, that it is left out of the plan, not that the files are others', async () => {
    // A real plan (terraform plan -target=aws_iam_role.d) against a state holding roles a, b and c: the .tf changes b's
    // description and deletes c.
    const result = await scan([join(import.meta.dirname, 'targeted', 'plan.json')]);
    expect(result.notices.map(({ message }) => message)).toContain(
      'the .tf files change aws_iam_role.b (description, in test/parsers/terraform-plan/targeted/main.tf), which the plan leaves as deployed (a plan made with -target): findings on them are on the deployed values and point at the plan',
    );
    expect(result.notices.some(({ message }) => message.includes('are they the files the plan was made from'))).toBe(false);
    const changedOnly = await scan([join(import.meta.dirname, 'targeted', 'plan.json')], { changedOnly: true });
    expect([...new Set(changedOnly.findings.map((finding) => finding.resource.address))]).toEqual(['aws_iam_role.d']);
  });

  describe('a plan that changes nothing', () => {
    const role = { name: 'open', assume_role_policy: open('sts:AssumeRole') };
    const unchanged: Spec[] = [
      { address: 'aws_iam_role.open', values: role, actions: ['no-op'], before: role },
      { address: 'data.aws_iam_role.read_at_plan', values: { name: 'other' }, actions: [] },
    ];
    // Data sources read at plan time have no change.
    const noChanges = (specs: Spec[]) => {
      const document = plan(specs);
      document.resource_changes = (document.resource_changes as Array<{ address: string }>).filter((change) => !change.address.startsWith('data.'));
      return document;
    };
    const changeOf = (document: Record<string, unknown>, address: string) => (document.resource_changes as Array<Record<string, unknown>>).find((change) => change.address === address)!;

    it('has every finding existing, and none left by --changed-only, without reading the state', async () => {
      const document = noChanges(unchanged);
      const parsed = parseTerraformPlan('plan.json', JSON.stringify(document));
      expect([parsed.changesNothing, parsed.deployedWorld]).toEqual([true, undefined]);
      const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
      const read = async (changedOnly: boolean) => (await scan([join(directory, 'plan.json')], { changedOnly })).findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.resource.address, finding.status, finding.changed]);
      expect(await read(false)).toEqual([['aws_iam_role.open', 'existing', false]]);
      expect(await read(true)).toEqual([]);
    });

    it.each<[string, (document: Record<string, unknown>) => void]>([
      ['an update', (document) => Object.assign(changeOf(document, 'aws_iam_role.open').change as object, { actions: ['update'] })],
      ['a move to another address', (document) => Object.assign(changeOf(document, 'aws_iam_role.open'), { previous_address: 'aws_iam_role.before' })],
      ['the deletion of a deposed object', (document) => (document.resource_changes as unknown[]).push({ ...changeOf(document, 'aws_iam_role.open'), deposed: '00000001', change: { actions: ['delete'], before: role, after: null } })],
      ['a deletion', (document) => (document.resource_changes as unknown[]).push({ address: 'aws_iam_role.gone', mode: 'managed', type: 'aws_iam_role', name: 'gone', change: { actions: ['delete'], before: role, after: null } })],
      ['a resource forgotten', (document) => Object.assign(changeOf(document, 'aws_iam_role.open').change as object, { actions: ['forget'] })],
      ['a data source read at apply', (document) => (document.resource_changes as unknown[]).push({ address: 'data.aws_iam_role.read_at_plan', mode: 'data', type: 'aws_iam_role', name: 'read_at_plan', change: { actions: ['read'], before: null, after: {} } })],
      ['a managed resource with no change', (document) => (document.resource_changes as unknown[]).splice(0)],
    ])('reads the state for a plan with %s', (_, edit) => {
      const document = noChanges(unchanged);
      edit(document);
      const parsed = parseTerraformPlan('plan.json', JSON.stringify(document));
      expect(parsed.changesNothing).toBeUndefined();
      expect(parsed.deployedWorld).toBeTypeOf('function');
    });
  });

  describe('a finding a change elsewhere brings: the Deny that protected an unchanged policy', () => {
    const statement = (effect: string, action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] });
    const role = { name: 'r', arn: `arn:aws:iam::${ACCOUNT}:role/r`, assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) };
    const pass = { name: 'pass', role: 'r', policy: statement('Allow', 'iam:PassRole') };
    const guard = { name: 'guard', role: 'r', policy: statement('Deny', 'iam:PassRole') };
    const unchanged = [
      { address: 'aws_iam_role.r', values: role, actions: ['no-op'], before: role },
      { address: 'aws_iam_role_policy.pass', values: pass, actions: ['no-op'], before: pass },
    ];
    const passRole = async (document: Record<string, unknown>, changedOnly = false) => {
      const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
      const result = await scan([join(directory, 'plan.json')], { changedOnly });
      return result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map((finding) => [finding.resource.address, finding.change, finding.changed, finding.status]);
    };

    it.each([
      ['deletes it', { address: 'aws_iam_role_policy.guard', actions: ['delete'], before: guard }],
      ['changes it into an Allow of something else', { address: 'aws_iam_role_policy.guard', values: { ...guard, policy: statement('Allow', 's3:GetObject') }, actions: ['update'], before: guard }],
    ])('is new, and changed, when the plan %s', async (_, change) => {
      const document = plan([...unchanged, change]);
      expect(await passRole(document)).toEqual([['aws_iam_role_policy.pass', 'no-op', true, 'new']]);
      expect(await passRole(document, true)).toEqual([['aws_iam_role_policy.pass', 'no-op', true, 'new']]);
    });

    it('is existing, and left out by --changed-only, when there was no Deny', async () => {
      const document = plan([...unchanged, { address: 'aws_iam_role_policy.other', values: { name: 'other', role: 'r', policy: statement('Allow', 's3:GetObject') } }]);
      expect(await passRole(document)).toEqual([['aws_iam_role_policy.pass', 'no-op', false, 'existing']]);
      expect(await passRole(document, true)).toEqual([]);
    });
  });

  it.each([
    ['a notebook renamed out of the ARN its role pins', 'trust-sagemaker-role-unassumable', 'aws_sagemaker_notebook_instance.nb'],
    ['AdministratorAccess attached to the role a notebook uses instead of another', 'sagemaker-execution-role-admin', 'aws_iam_role.b'],
  ])('says new for a finding the plan brings through a value no place of it holds: %s', async (_, ruleId, address) => {
    const pin = (arn: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': arn } } }] });
    const role = (name: string, trust: string) => ({ name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, assume_role_policy: trust });
    const notebook = (name: string) => ({ name, role_arn: `arn:aws:iam::${ACCOUNT}:role/role-b`, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1', security_groups: ['sg-1'] });
    const attachment = (roleName: string) => ({ role: roleName, policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    const unchanged = (spec: { address: string; values: Record<string, unknown> }) => ({ ...spec, actions: ['no-op'], before: spec.values });
    const document =
      ruleId === 'trust-sagemaker-role-unassumable'
        ? plan([
            unchanged({ address: 'aws_iam_role.b', values: role('role-b', pin(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/old-nb`)) }),
            { address: 'aws_sagemaker_notebook_instance.nb', values: notebook('new-nb'), actions: ['delete', 'create'], before: notebook('old-nb') },
          ])
        : plan([
            unchanged({ address: 'aws_iam_role.a', values: role('role-a', pin(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:*`)) }),
            unchanged({ address: 'aws_iam_role.b', values: role('role-b', pin(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:*`)) }),
            unchanged({ address: 'aws_sagemaker_notebook_instance.nb', values: notebook('nb') }),
            { address: 'aws_iam_role_policy_attachment.admin', values: attachment('role-b'), actions: ['delete', 'create'], before: attachment('role-a') },
          ]);
    const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
    const findings = (await scan([join(directory, 'plan.json')], { changedOnly: true })).findings.filter((finding) => finding.ruleId === ruleId);
    expect(findings.map((finding) => [finding.resource.address, finding.changed, finding.status])).toEqual([[address, true, 'new']]);
  });

  it('reads the policies a resource moved to another module manages at its new place only', () => {
    const inline = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const managed = { name: 'inl', role: 'r', policy: inline };
    const role = { name: 'r', inline_policy: [{ name: 'inl', policy: inline }] };
    const document = plan([
      ...['a', 'b'].map((module) => ({ address: `module.${module}.aws_iam_role.r`, values: role, actions: ['no-op'], before: role })),
      { address: 'module.b.aws_iam_role_policy.p', values: managed, actions: ['no-op'], before: managed },
    ]);
    (document.resource_changes as Array<Record<string, unknown>>)[2]!.previous_address = 'module.a.aws_iam_role_policy.p';
    document.prior_state = { values: { root_module: { child_modules: ['a', 'b'].map((module) => ({ address: `module.${module}`, resources: [
      { address: `module.${module}.aws_iam_role.r`, mode: 'managed', type: 'aws_iam_role', name: 'r', values: role },
      ...(module === 'a' ? [{ address: 'module.a.aws_iam_role_policy.p', mode: 'managed', type: 'aws_iam_role_policy', name: 'p', values: managed }] : []),
    ] })) } } };
    const parsed = world(document);
    const copies = (address: string) => ((resource(parsed, address).properties as Record<string, unknown>).inline_policy as unknown[]).map((element) => element !== null);
    expect([copies('module.a.aws_iam_role.r'), copies('module.b.aws_iam_role.r')]).toEqual([[true], [false]]);
  });

  it("leaves the planned values of a resource the plan reads from the state alone as they are when it reads the world as deployed", () => {
    const inline = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const managed = { name: 'inl', role: 'r', policy: inline };
    // A role of the same name the plan creates: which one the policy is managed for is not known in the plan, and is as deployed.
    const document = plan([
      { address: 'aws_iam_role_policy.inl', values: managed, actions: ['no-op'], before: managed },
      { address: 'aws_iam_role.n', values: { name: 'r' } },
    ]);
    const role = { name: 'r', arn: `arn:aws:iam::${ACCOUNT}:role/r`, inline_policy: [{ name: 'inl', policy: inline }] };
    // Only a deposed object of the role has a change: the plan reads the role itself from the state.
    (document.resource_changes as unknown[]).push({ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', deposed: '00000001', change: { actions: ['delete'], before: role, after: null } });
    document.prior_state = { values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: role }, { address: 'aws_iam_role_policy.inl', mode: 'managed', type: 'aws_iam_role_policy', name: 'inl', values: managed }] } } };
    const parsed = parseTerraformPlan('plan.json', JSON.stringify(document, null, 2));
    const planned = resource(parsed.worlds[0]!, 'aws_iam_role.r');
    const before = JSON.stringify(planned.properties);
    parsed.deployedWorld!();
    expect(JSON.stringify(planned.properties)).toBe(before);
  });

  it('reads a resource a moved block gives another address at that one only, in the plan and as deployed', async () => {
    const passRole = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] });
    const role = { name: 'r', arn: `arn:aws:iam::${ACCOUNT}:role/r`, assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) };
    const pass = { name: 'pass', role: 'r', policy: passRole };
    const document = plan([
      { address: 'module.iam.aws_iam_role.r', values: role, actions: ['no-op'], before: role },
      { address: 'aws_iam_role_policy.pass', values: pass, actions: ['no-op'], before: pass },
    ]);
    (document.resource_changes as Array<Record<string, unknown>>)[0]!.previous_address = 'aws_iam_role.old';
    const state = (address: string, values: Record<string, unknown>) => ({ address, mode: 'managed', type: parseAddress(address)!.type, name: parseAddress(address)!.name, values });
    document.prior_state = { values: { root_module: { resources: [state('aws_iam_role.old', role), state('aws_iam_role_policy.pass', pass)] } } };
    const parsed = parseTerraformPlan('plan.json', JSON.stringify(document, null, 2));
    expect(parsed.worlds[0]!.resources.map((resource) => resource.address)).toEqual(['aws_iam_role_policy.pass', 'module.iam.aws_iam_role.r']);
    expect(parsed.deployedWorld!().resources.map((resource) => resource.address).sort()).toEqual(['aws_iam_role_policy.pass', 'module.iam.aws_iam_role.r']);
    const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
    const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped');
    expect(findings.map((finding) => [finding.resource.address, finding.message.includes('attached to role module.iam.aws_iam_role.r'), finding.status, finding.changed])).toEqual([['aws_iam_role_policy.pass', true, 'existing', false]]);
  });

  it('says existing for a finding the deployed policy already had, though the plan adds a statement to it', async () => {
    const trust = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }, ...statements] });
    const ec2 = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } };
    const document = plan([{ address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: trust(ec2) }, actions: ['update'], before: { name: 'open', assume_role_policy: trust() } }]);
    const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
    const findings = (await scan([join(directory, 'plan.json')], { changedOnly: true })).findings.filter((finding) => finding.ruleId === 'trust-any-principal');
    expect(findings.map((finding) => [finding.resource.address, finding.changed, finding.status])).toEqual([['aws_iam_role.open', true, 'existing']]);
  });

  it('says new for each place of a finding past the places the deployed policy had it at: the plan adds the same mistake again', async () => {
    const policy = (...buckets: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: buckets.map((bucket) => ({ Effect: 'Allow', Action: 's3:GetObjet', Resource: `arn:aws:s3:::${bucket}/*` })) });
    const values = (...buckets: string[]) => ({ name: 'p', arn: `arn:aws:iam::${ACCOUNT}:policy/p`, policy: policy(...buckets) });
    const mainTf = ['resource "aws_iam_policy" "p" {', '  name = "p"', '  policy = jsonencode({', '    Version = "2012-10-17"', '    Statement = [', ...['a', 'b'].flatMap((bucket) => ['      {', '        Effect   = "Allow"', '        Action   = "s3:GetObjet"', `        Resource = "arn:aws:s3:::${bucket}/*"`, '      },']), '    ]', '  })', '}', ''].join('\n');
    const document = plan([{ address: 'aws_iam_policy.p', values: values('a', 'b'), actions: ['update'], before: values('a') }]);
    const directory = folder({ 'plan.json': JSON.stringify(document, null, 2), 'main.tf': mainTf });
    const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'policy-unknown-action');
    expect(findings.map((finding) => [finding.location.startLine, finding.status, finding.changed])).toEqual([
      [8, 'existing', true],
      [13, 'new', true],
    ]);
    // Added before the deployed statement (located inside the plan's policy text): what each place holds tells them apart, not their order.
    const insertedText = JSON.stringify(plan([{ address: 'aws_iam_policy.p', values: values('b', 'a'), actions: ['update'], before: values('a') }]));
    const inserted = (await scan([join(folder({ 'plan.json': insertedText }), 'plan.json')])).findings.filter((finding) => finding.ruleId === 'policy-unknown-action');
    const bucketOf = (finding: Finding) => insertedText.charAt(insertedText.indexOf(':::', finding.location.startColumn - 1) + 3);
    expect(inserted.map((finding) => [bucketOf(finding), finding.status, finding.changed])).toEqual([
      ['b', 'new', true],
      ['a', 'existing', true],
    ]);
    // Deployed at both places, both are existing.
    const both = plan([{ address: 'aws_iam_policy.p', values: values('a', 'b'), actions: ['no-op'], before: values('a', 'b') }, { address: 'aws_iam_role.other', values: { name: 'other' }, actions: ['update'], before: { name: 'other', description: 'x' } }]);
    const deployed = (await scan([join(folder({ 'plan.json': JSON.stringify(both, null, 2), 'main.tf': mainTf }), 'plan.json')])).findings.filter((finding) => finding.ruleId === 'policy-unknown-action');
    expect(deployed.map((finding) => [finding.location.startLine, finding.status, finding.changed])).toEqual([
      [8, 'existing', false],
      [13, 'existing', false],
    ]);
  });

  it('tells the places of a repeated finding apart by the resource they are in and by the statement whatever its key order', async () => {
    // A policy text written again (a heredoc as jsonencode, which orders the keys) with a statement added before the deployed one.
    const text = (keys: string[], ...buckets: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: buckets.map((bucket) => Object.fromEntries(keys.map((key) => [key, { Effect: 'Allow', Action: 's3:GetObjet', Resource: `arn:aws:s3:::${bucket}/*` }[key]]))) });
    const values = (policy: string) => ({ name: 'p', arn: `arn:aws:iam::${ACCOUNT}:policy/p`, policy });
    const rewritten = JSON.stringify(plan([{ address: 'aws_iam_policy.p', values: values(text(['Action', 'Effect', 'Resource'], 'b', 'a')), actions: ['update'], before: values(text(['Effect', 'Action', 'Resource'], 'a')) }]));
    const findings = (await scan([join(folder({ 'plan.json': rewritten }), 'plan.json')])).findings.filter((finding) => finding.ruleId === 'policy-unknown-action');
    const bucketOf = (finding: Finding) => rewritten.charAt(rewritten.indexOf(':::', finding.location.startColumn - 1) + 3);
    expect(findings.map((finding) => [bucketOf(finding), finding.status])).toEqual([
      ['b', 'new'],
      ['a', 'existing'],
    ]);
    // An attachment the plan creates repeats a deployed one's grant: the created one is new, whichever sorts first.
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] });
    const role = { name: 'r', arn: `arn:aws:iam::${ACCOUNT}:role/r`, assume_role_policy: trust };
    const notebook = { name: 'nb', role_arn: `arn:aws:iam::${ACCOUNT}:role/r`, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1', security_groups: ['sg-1'] };
    const attachment = { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
    const attached = plan([
      { address: 'aws_iam_role.r', values: role, actions: ['no-op'], before: role },
      { address: 'aws_iam_role_policy_attachment.added', values: attachment, unknown: { id: true }, actions: ['create'] },
      { address: 'aws_iam_role_policy_attachment.deployed', values: { ...attachment, id: 'r-1' }, actions: ['no-op'], before: { ...attachment, id: 'r-1' } },
      { address: 'aws_sagemaker_notebook_instance.nb', values: notebook, actions: ['no-op'], before: notebook },
    ]);
    const admin = (await scan([join(folder({ 'plan.json': JSON.stringify(attached, null, 2) }), 'plan.json')])).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
    const attachmentAt = (line: number) => (JSON.stringify(attached, null, 2).split('\n').slice(0, line).reverse().find((text) => text.includes('"address"')) ?? '').trim();
    expect(admin.map((finding) => [attachmentAt(finding.location.startLine), finding.status, finding.changed])).toEqual([
      ['"address": "aws_iam_role_policy_attachment.added",', 'new', true],
      ['"address": "aws_iam_role_policy_attachment.deployed",', 'existing', false],
    ]);
  });

  it('reads a replacement that leaves the deployed object forgotten (create, forget) as a replacement, whose deployed findings are existing', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const document = plan([{ address: 'aws_iam_role.r', values: { name: 'r2', assume_role_policy: trust }, unknown: { arn: true }, actions: ['create', 'forget'], before: { name: 'r1', arn: `arn:aws:iam::${ACCOUNT}:role/r1`, assume_role_policy: trust } }]);
    const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
    const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'trust-any-principal');
    expect(findings.map((finding) => [finding.resource.address, finding.change, finding.status, finding.changed])).toEqual([['aws_iam_role.r', 'replace', 'existing', true]]);
  });

  it("reads a policy that a replacement forgetting the deployed one manages from that policy only, not again from its role's copy", async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjet', Resource: '*' }] });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const role = { name: 'r', arn: `arn:aws:iam::${ACCOUNT}:role/r`, assume_role_policy: trust, inline_policy: [{ name: 'p', policy }] };
    const managed = { name: 'p', role: 'r', policy };
    const document = plan([
      { address: 'aws_iam_role.r', values: role, actions: ['no-op'], before: role },
      { address: 'aws_iam_role_policy.p', values: managed, actions: ['create', 'forget'], before: { ...managed, id: 'r:p' } },
    ]);
    const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
    const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'policy-unknown-action');
    expect(findings.map((finding) => [finding.resource.address, finding.status])).toEqual([['aws_iam_role_policy.p', 'existing']]);
  });

  it('says existing for a grant whose attachment the plan forgets: it stays deployed, read from the role\'s copy as deployed too', async () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] });
    const role = { name: 'exec', arn: `arn:aws:iam::${ACCOUNT}:role/exec`, assume_role_policy: trust, managed_policy_arns: [admin] };
    const notebook = { name: 'nb', role_arn: role.arn, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1' };
    const attachment = { role: 'exec', policy_arn: admin };
    const statusOf = async (attachmentAction: string) => {
      const document = plan([
        { address: 'aws_iam_role.exec', values: role, actions: ['no-op'], before: role },
        { address: 'aws_iam_role_policy_attachment.admin', values: attachment, actions: [attachmentAction], before: attachment },
        { address: 'aws_sagemaker_notebook_instance.nb', values: notebook, actions: ['no-op'], before: notebook },
      ]);
      // Terraform lists a resource a `removed` block forgets in planned_values without values, and its change after null.
      if (attachmentAction === 'forget') {
        forgetIn(document, 'aws_iam_role_policy_attachment.admin');
      }
      const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
      const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
      return findings.map((finding) => [finding.status, finding.changed]);
    };
    expect(await statusOf('no-op')).toEqual([['existing', false]]);
    expect(await statusOf('forget')).toEqual([['existing', false]]);
  });

  it('reads a managed policy or role the plan forgets as deployed for what the plan still manages, and reports none of its own findings', async () => {
    const admin = `arn:aws:iam::${ACCOUNT}:policy/adm`;
    const everything = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] });
    const role = { name: 'exec', arn: `arn:aws:iam::${ACCOUNT}:role/exec`, assume_role_policy: trust, managed_policy_arns: [admin] };
    const policy = { name: 'adm', arn: admin, policy: everything };
    const notebook = { name: 'nb', role_arn: role.arn, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1' };
    const attachment = { role: 'exec', policy_arn: admin };
    const findingsOf = async (policyAction: string) => {
      const document = plan([
        { address: 'aws_iam_role.exec', values: role, actions: ['no-op'], before: role },
        { address: 'aws_iam_policy.adm', values: policy, actions: [policyAction], before: policy },
        { address: 'aws_iam_role_policy_attachment.admin', values: attachment, actions: ['no-op'], before: attachment },
        { address: 'aws_sagemaker_notebook_instance.nb', values: notebook, actions: ['no-op'], before: notebook },
      ]);
      document.prior_state = { format_version: '1.0', values: { root_module: { resources: [
        stateResource('aws_iam_policy.adm', policy), stateResource('aws_iam_role.exec', role), stateResource('aws_iam_role_policy_attachment.admin', attachment), stateResource('aws_sagemaker_notebook_instance.nb', notebook),
      ] } } };
      // Terraform lists a resource a `removed` block forgets in planned_values without values, and its change after null.
      if (policyAction === 'forget') {
        forgetIn(document, 'aws_iam_policy.adm');
      }
      const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
      const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => ['sagemaker-execution-role-admin', 'identity-full-admin'].includes(finding.ruleId));
      return findings.map((finding) => [finding.ruleId, finding.resource.address, finding.status, finding.changed]);
    };
    expect(await findingsOf('no-op')).toEqual([
      ['identity-full-admin', 'aws_iam_policy.adm', 'existing', false],
      ['sagemaker-execution-role-admin', 'aws_iam_role.exec', 'existing', false],
    ]);
    // The policy stays deployed and attached: the role the plan still manages keeps its finding; the policy, no longer managed here, is not reported.
    expect(await findingsOf('forget')).toEqual([['sagemaker-execution-role-admin', 'aws_iam_role.exec', 'existing', false]]);
  });

  it('reports an administrator execution role the plan forgets on the SageMaker resource the plan still manages that runs as it', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] });
    const role = { name: 'exec', arn: `arn:aws:iam::${ACCOUNT}:role/exec`, assume_role_policy: trust, managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
    const notebook = { name: 'nb', role_arn: role.arn, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1' };
    const findingsOf = async (notebookAction: string) => {
      const document = plan([
        { address: 'aws_iam_role.exec', values: role, actions: ['forget'], before: role },
        { address: 'aws_sagemaker_notebook_instance.nb', values: notebook, actions: [notebookAction], before: notebook },
      ]);
      document.prior_state = { format_version: '1.0', values: { root_module: { resources: [stateResource('aws_iam_role.exec', role), stateResource('aws_sagemaker_notebook_instance.nb', notebook)] } } };
      for (const address of ['aws_iam_role.exec', ...(notebookAction === 'forget' ? ['aws_sagemaker_notebook_instance.nb'] : [])]) forgetIn(document, address);
      const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
      const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
      return findings.map((finding) => [finding.resource.address, finding.status, finding.related?.map((item) => item.resource)]);
    };
    // The role is no longer managed here, but the notebook the plan still manages runs as an administrator.
    expect(await findingsOf('no-op')).toEqual([['aws_sagemaker_notebook_instance.nb', 'existing', ['aws_iam_role.exec', 'aws_sagemaker_notebook_instance.nb']]]);
    // Neither is managed here any longer: nothing is reported.
    expect(await findingsOf('forget')).toEqual([]);
  });

  it('reads an attachment the plan forgets as deployed where the role\'s copy of its policies does not show it (a plan made with -refresh=false)', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] });
    const findingsOf = async (copy: string[]) => {
      const role = { name: 'exec', arn: `arn:aws:iam::${ACCOUNT}:role/exec`, assume_role_policy: trust, managed_policy_arns: copy };
      const notebook = { name: 'nb', role_arn: role.arn, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1' };
      const attachment = { role: 'exec', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
      const document = plan([
        { address: 'aws_iam_role.exec', values: role, actions: ['no-op'], before: role },
        { address: 'aws_iam_role_policy_attachment.admin', values: attachment, actions: ['forget'], before: attachment },
        { address: 'aws_sagemaker_notebook_instance.nb', values: notebook, actions: ['no-op'], before: notebook },
      ]);
      document.prior_state = { format_version: '1.0', values: { root_module: { resources: [
        stateResource('aws_iam_role.exec', role), stateResource('aws_iam_role_policy_attachment.admin', attachment), stateResource('aws_sagemaker_notebook_instance.nb', notebook),
      ] } } };
      forgetIn(document, 'aws_iam_role_policy_attachment.admin');
      const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
      const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
      return findings.map((finding) => [finding.resource.address, finding.status, finding.changed]);
    };
    // The role was read before the attachment was made, and the plan did not read it again: its copy lists nothing.
    expect(await findingsOf([])).toEqual([['aws_iam_role.exec', 'existing', false]]);
    // A copy that shows the attachment is not read twice.
    expect(await findingsOf(['arn:aws:iam::aws:policy/AdministratorAccess'])).toEqual([['aws_iam_role.exec', 'existing', false]]);
  });

  it('keeps a policy\'s findings existing and unchanged when the plan detaches it from one of its roles, or forgets that attachment: whom it reaches is not the mistake', async () => {
    const admin = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const policy = { name: 'admin', arn: `arn:aws:iam::${ACCOUNT}:policy/admin`, policy: admin };
    const role = (name: string) => ({ name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, assume_role_policy: trust });
    const attachment = (name: string) => ({ role: name, policy_arn: policy.arn, id: `${name}-1` });
    const findingsOf = async (detachedAction: string, changedOnly = false) => {
      const document = plan([
        { address: 'aws_iam_policy.admin', values: policy, actions: ['no-op'], before: policy },
        ...['a', 'b'].map((name) => ({ address: `aws_iam_role.${name}`, values: role(name), actions: ['no-op'], before: role(name) })),
        { address: 'aws_iam_role_policy_attachment.a', values: attachment('a'), actions: ['no-op'], before: attachment('a') },
        { address: 'aws_iam_role_policy_attachment.b', values: attachment('b'), actions: [detachedAction], before: attachment('b') },
      ]);
      const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
      const findings = (await scan([join(directory, 'plan.json')], { changedOnly })).findings.filter((finding) => finding.ruleId === 'identity-full-admin');
      return findings.map((finding) => [finding.message.includes('role aws_iam_role.b'), finding.status, finding.changed]);
    };
    expect(await findingsOf('no-op')).toEqual([[true, 'existing', false]]);
    // The message says whom the policy reaches after the plan; the fingerprint, which the deployed finding shares, does not.
    expect(await findingsOf('delete')).toEqual([[false, 'existing', false]]);
    expect(await findingsOf('delete', true)).toEqual([]);
    expect(await findingsOf('forget')).toEqual([[true, 'existing', false]]);
  });

  it('reads no grant through the role\'s copy where the plan deletes the attachment\'s deposed object and holds no current one', async () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] });
    const role = { name: 'exec', arn: `arn:aws:iam::${ACCOUNT}:role/exec`, assume_role_policy: trust, managed_policy_arns: [admin] };
    const notebook = { name: 'nb', role_arn: role.arn, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1' };
    const document = plan([
      { address: 'aws_iam_role.exec', values: role, actions: ['no-op'], before: role },
      { address: 'aws_sagemaker_notebook_instance.nb', values: notebook, actions: ['no-op'], before: notebook },
    ]);
    // Left by a replacement that failed (create_before_destroy): Terraform deletes the deposed object.
    (document.resource_changes as unknown[]).push({ address: 'aws_iam_role_policy_attachment.admin', mode: 'managed', type: 'aws_iam_role_policy_attachment', name: 'admin', provider_name: 'registry.terraform.io/hashicorp/aws', deposed: '6d1f1b2c', change: { actions: ['delete'], before: { role: 'exec', policy_arn: admin }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false } });
    const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
    const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
    expect(findings).toEqual([]);
  });

  it('says existing for an element deployed at another position of a list: Terraform orders sets its own way', async () => {
    const everything = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const logs = JSON.stringify({ Statement: [{ Action: 'logs:GetLogEvents', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] });
    const role = (name: string, extra: Record<string, unknown>) => ({ name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, assume_role_policy: trust, ...extra });
    const notebook = (name: string, roleName: string) => ({ name, role_arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1' });
    const document = plan([
      // A block added before the deployed one, and a managed policy that sorts before the deployed one.
      { address: 'aws_iam_role.inline', values: role('inline', { inline_policy: [{ name: 'aaa-read', policy: logs }, { name: 'admin', policy: everything }] }), actions: ['update'], before: role('inline', { inline_policy: [{ name: 'admin', policy: everything }] }) },
      { address: 'aws_iam_role.managed', values: role('managed', { managed_policy_arns: [`arn:aws:iam::${ACCOUNT}:policy/extra`, admin] }), actions: ['update'], before: role('managed', { managed_policy_arns: [admin] }) },
      // The deployed element is not the one at the path's position, nor any other: new.
      { address: 'aws_iam_role.replaced', values: role('replaced', { inline_policy: [{ name: 'aaa-read', policy: logs }, { name: 'admin', policy: everything }] }), actions: ['update'], before: role('replaced', { inline_policy: [{ name: 'admin', policy: logs }] }) },
      ...['inline', 'managed', 'replaced'].map((name) => ({ address: `aws_sagemaker_notebook_instance.${name}`, values: notebook(name, name), actions: ['no-op'], before: notebook(name, name) })),
    ]);
    const directory = folder({ 'plan.json': JSON.stringify(document) });
    const findings = (await scan([join(directory, 'plan.json')])).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
    expect(findings.map((finding) => [finding.resource.address, finding.status])).toEqual([
      ['aws_iam_role.inline', 'existing'],
      ['aws_iam_role.managed', 'existing'],
      ['aws_iam_role.replaced', 'new'],
    ]);
  });

  it('reads the resources a finding rests on besides its own: the one its location is in, and its related ones', async () => {
    const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] });
    const role = (name: string, service: string) => ({ name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, assume_role_policy: trust(service) });
    const notebook = (name: string, roleName: string) => ({ name, role_arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, direct_internet_access: 'Disabled', root_access: 'Disabled', kms_key_id: 'key', subnet_id: 'subnet-1', security_groups: ['sg-1'] });
    const admin = { role: 'granted', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
    const everything = { name: 'everything', arn: `arn:aws:iam::${ACCOUNT}:policy/everything`, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) };
    const document = plan([
      // Its trust stops trusting SageMaker in this plan: the unchanged notebook that uses it breaks.
      { address: 'aws_iam_role.retrusted', values: role('retrusted', 'lambda.amazonaws.com'), actions: ['update'], before: role('retrusted', 'sagemaker.amazonaws.com') },
      { address: 'aws_sagemaker_notebook_instance.broken', values: notebook('broken', 'retrusted'), actions: ['no-op'], before: notebook('broken', 'retrusted') },
      // An unchanged role and notebook, and an attachment of AdministratorAccess that this plan creates.
      { address: 'aws_iam_role.granted', values: role('granted', 'sagemaker.amazonaws.com'), actions: ['no-op'], before: role('granted', 'sagemaker.amazonaws.com') },
      { address: 'aws_sagemaker_notebook_instance.granted', values: notebook('granted', 'granted'), actions: ['no-op'], before: notebook('granted', 'granted') },
      { address: 'aws_iam_role_policy_attachment.admin', values: admin },
      // The same, all deployed already.
      { address: 'aws_iam_role.deployed', values: role('deployed', 'sagemaker.amazonaws.com'), actions: ['no-op'], before: role('deployed', 'sagemaker.amazonaws.com') },
      { address: 'aws_sagemaker_notebook_instance.deployed', values: notebook('deployed', 'deployed'), actions: ['no-op'], before: notebook('deployed', 'deployed') },
      { address: 'aws_iam_role_policy_attachment.deployed', values: { ...admin, role: 'deployed' }, actions: ['no-op'], before: { ...admin, role: 'deployed' } },
      { address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: open('sts:AssumeRole') }, actions: ['no-op'] },
      // A deployed policy of our own that allows everything, which this plan attaches to a deployed role.
      { address: 'aws_iam_policy.everything', values: everything, actions: ['no-op'], before: everything },
      { address: 'aws_iam_role.custom', values: role('custom', 'sagemaker.amazonaws.com'), actions: ['no-op'], before: role('custom', 'sagemaker.amazonaws.com') },
      { address: 'aws_sagemaker_notebook_instance.custom', values: notebook('custom', 'custom'), actions: ['no-op'], before: notebook('custom', 'custom') },
      { address: 'aws_iam_role_policy_attachment.custom', values: { role: 'custom', policy_arn: everything.arn } },
    ], {
      // An object deposed by an earlier replacement of the deployed role, written after it: not the role's deployed values.
      prior_state: { values: { root_module: { resources: [
        { address: 'aws_iam_role.deployed', mode: 'managed', type: 'aws_iam_role', name: 'deployed', values: role('deployed', 'sagemaker.amazonaws.com') },
        { address: 'aws_iam_role.deployed', mode: 'managed', type: 'aws_iam_role', name: 'deployed', deposed_key: '00000001', values: role('deployed', 'ec2.amazonaws.com') },
        { address: 'aws_iam_role.open', mode: 'managed', type: 'aws_iam_role', name: 'open', values: { name: 'open', assume_role_policy: open('sts:AssumeRole') } },
        { address: 'aws_iam_role.open', mode: 'managed', type: 'aws_iam_role', name: 'open', deposed_key: '00000002', values: { name: 'open', assume_role_policy: open('sts:TagSession') } },
      ] } } },
    });
    const directory = folder({ 'plan.json': JSON.stringify(document, null, 2) });
    const rules = new Set(['trust-sagemaker-role-unassumable', 'sagemaker-execution-role-admin', 'trust-any-principal', 'identity-full-admin']);
    const read = (findings: readonly Finding[]) => findings.filter((finding) => rules.has(finding.ruleId)).map((finding) => [finding.ruleId, finding.resource.address, finding.change, finding.changed, finding.status]);
    expect(read((await scan([join(directory, 'plan.json')])).findings)).toEqual([
      ['trust-sagemaker-role-unassumable', 'aws_sagemaker_notebook_instance.broken', 'no-op', true, 'new'],
      ['sagemaker-execution-role-admin', 'aws_iam_role.granted', 'no-op', true, 'new'],
      ['sagemaker-execution-role-admin', 'aws_iam_role.deployed', 'no-op', false, 'existing'],
      ['trust-any-principal', 'aws_iam_role.open', 'no-op', false, 'existing'],
      // Both rest on the attachment this plan creates: the policy is attached to the role by it. Both findings are at
      // the Action of the policy's statement. The policy allowed everything as deployed, held by nothing: held by a role
      // now, its finding is new.
      ['identity-full-admin', 'aws_iam_policy.everything', 'no-op', true, 'new'],
      ['sagemaker-execution-role-admin', 'aws_iam_role.custom', 'no-op', true, 'new'],
    ]);
    expect(read((await scan([join(directory, 'plan.json')], { changedOnly: true })).findings)).toEqual([
      ['trust-sagemaker-role-unassumable', 'aws_sagemaker_notebook_instance.broken', 'no-op', true, 'new'],
      ['sagemaker-execution-role-admin', 'aws_iam_role.granted', 'no-op', true, 'new'],
      ['identity-full-admin', 'aws_iam_policy.everything', 'no-op', true, 'new'],
      ['sagemaker-execution-role-admin', 'aws_iam_role.custom', 'no-op', true, 'new'],
    ]);
  });
});

describe('the .tf files beside a plan, read as Terraform reads them', () => {
  // The real plan of trust-sagemaker-role-unassumable/tf-plan-each-value-for-instances and the files it was made from.
  const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-sagemaker-role-unassumable', 'tf-plan-each-value-for-instances');
  const read = (name: string): string => readFileSync(join(fixture, name), 'utf8');
  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
  const withPlan = (files: Record<string, string | Buffer>): Record<string, string | Buffer> => ({ 'plan.json': read('plan.json'), 'notebook/main.tf': read('notebook/main.tf'), ...files });
  const located = (findings: readonly Finding[], root: string): string[] => findings.map((finding) => `${finding.ruleId} ${finding.resource.address} ${relative(root, finding.location.file)}:${finding.location.startLine}:${finding.location.startColumn}`).sort();
  const relativeErrors = (errors: ReadonlyArray<{ file: string }>, root: string) => errors.map((error) => ({ ...error, file: relative(root, resolve(root, error.file)) }));
  const NB = '  role_arn      = each.value\n}\nresource "aws_sagemaker_notebook_instance" "read"';

  it('reads a byte that is not UTF-8 in a comment, which Terraform reads, and points findings in that file where the .tf scan does', async () => {
    const main = latin1(read('main.tf').replace(NB, NB.replace('  role_arn', '  /* caf\xe9 */ role_arn')));
    const beside = folder(withPlan({ 'main.tf': main }));
    const result = await scan([join(beside, 'plan.json')]);
    expect(result.errors).toEqual([]);
    const alone = folder({ 'main.tf': main, 'notebook/main.tf': read('notebook/main.tf') });
    const tf = (await scan([alone])).findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable');
    const unassumable = result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable');
    expect(located(unassumable, beside)).toContain('trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.nb["train"] main.tf:33:14');
    expect(located(tf, alone)).toContain('trust-sagemaker-role-unassumable aws_sagemaker_notebook_instance.nb["train"] main.tf:33:14');
  });

  it('refuses a .tf file Terraform refuses (a byte that is not UTF-8 outside comments, UTF-16) as the .tf scan does, and points the findings at the plan, as without the folder', async () => {
    const alonePlan = folder({ 'plan.json': read('plan.json') });
    const planAlone = located((await scan([join(alonePlan, 'plan.json')])).findings, alonePlan);
    const cases: Array<Record<string, string | Buffer>> = [
      { 'main.tf': latin1(read('main.tf').replace('name          = "nb-${each.key}"', 'name          = "nb-caf\xe9-${each.key}"')) },
      { 'notebook/main.tf': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(read('notebook/main.tf'), 'utf16le')]) },
    ];
    for (const files of cases) {
      const beside = folder(withPlan({ 'main.tf': read('main.tf'), ...files }));
      const result = await scan([beside]);
      // The .tf scan of the same files refuses the same file at the same byte.
      const alone = folder({ 'main.tf': read('main.tf'), 'notebook/main.tf': read('notebook/main.tf'), ...files });
      const refusal = relativeErrors((await scan([alone])).errors, alone).filter((error) => error.file === Object.keys(files)[0]);
      expect(refusal).toHaveLength(1);
      expect(relativeErrors(result.errors, beside)).toEqual(refusal);
      // Terraform could not have made the plan from the folder as it is: every finding is the plan's alone, on the plan,
      // and the folder is not analyzed again.
      expect(located(result.findings, beside)).toEqual(planAlone);
      expect(result.notices.map((notice) => notice.message)).toContainEqual(expect.stringMatching(/^analyzed through its plan .*plan\.json; its \.tf files are not analyzed again$/));
    }
  });
});

describe('a plan that says it is partial, and marks that do not fit their values', () => {
  const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });

  it('analyzes what an errored plan holds, and reports the error at its key, so the scan fails', async () => {
    const text = JSON.stringify({ ...plan([{ address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: open } }]), errored: true }, null, 2);
    const directory = folder({ 'plan.json': text });
    const result = await scan([join(directory, 'plan.json')]);
    const line = text.slice(0, text.indexOf('"errored"')).split('\n').length;
    expect(result.errors.map((error) => [error.line, error.column, error.message])).toEqual([[line, 3, expect.stringMatching(/^the plan errored \("errored": true\)/)]]);
    expect(result.findings.map((finding) => finding.ruleId)).toContain('trust-any-principal');
  });

  it('gives an errored plan, never complete, no notice that it was made with -target or deferred changes: the error says it is partial', () => {
    const text = JSON.stringify({ ...plan([{ address: 'aws_iam_role.open', values: { name: 'open', assume_role_policy: open } }]), errored: true, complete: false }, null, 2);
    const parsed = parseTerraformPlan('plan.json', text);
    expect(parsed.errors.map((error) => error.message)).toEqual([expect.stringMatching(/^the plan errored \("errored": true\)/)]);
    expect(parsed.notices).toEqual([]);
  });

  it("reports the error at the plan's own key, wherever it is written and whatever value repeats its name", () => {
    const { errored: _, ...rest } = { ...plan([{ address: 'aws_iam_role.tagged', values: { name: 'tagged', tags: { stage: 'errored' } } }]), errored: true };
    const text = JSON.stringify({ errored: true, ...rest }, null, 2);
    expect(parseTerraformPlan('plan.json', text).errors.map((error) => [error.line, error.column])).toEqual([[2, 3]]);
  });

  it('says an incomplete plan leaves changes to a later one, at its "complete" key', () => {
    const text = JSON.stringify({ ...plan([{ address: 'aws_iam_role.open', values: { name: 'open' } }]), complete: false }, null, 2);
    const parsed = parseTerraformPlan('plan.json', text);
    expect(parsed.errors).toEqual([]);
    const line = text.split('\n').findIndex((written) => written === '  "complete": false') + 1;
    expect(line).toBeGreaterThan(1);
    expect(parsed.notices).toEqual([{ file: 'plan.json', line, column: 3, message: expect.stringMatching(/^the plan is incomplete \("complete": false\): it leaves some changes to a later plan \(it was made with -target, or Terraform deferred them\)/) }]);
  });

  it('reads a known text whose after_unknown marks parts inside it as unknown as a whole, never as the parts', () => {
    const parsed = world(plan([{ address: 'aws_iam_role.r', values: { name: 'r', assume_role_policy: open }, unknown: { assume_role_policy: { x: true } } }]));
    const policy = (resource(parsed, 'aws_iam_role.r').properties as Record<string, unknown>).assume_role_policy;
    expect(policy).toBeInstanceOf(Unresolved);
    expect((policy as Unresolved).reason).toBe('known after apply');
  });
});

describe('the account a provider configuration of a plan fixes', () => {
  const webIdentity = [{ role_arn: { constant_value: 'arn:aws:iam::210987654321:role/ci' }, web_identity_token_file: { constant_value: '/var/run/token' } }];
  const lockedAccount = (roleArn: Record<string, unknown>, variables: Record<string, unknown> = {}) =>
    new ProviderConfigs({ aws: { name: 'aws', expressions: { assume_role_with_web_identity: webIdentity, assume_role: [{ role_arn: roleArn }] } } }, (name) => variables[name] as string | null | undefined).lockedAccount('aws');

  it('reads an assume_role block whose role_arn is empty or null as not written, as HCL does', () => {
    expect(lockedAccount({ constant_value: '' })).toBe('210987654321');
    expect(lockedAccount({ constant_value: null })).toBe('210987654321');
    expect(lockedAccount({ references: ['var.arn'] }, { arn: '' })).toBe('210987654321');
    expect(lockedAccount({ references: ['var.arn'] }, { arn: 'arn:aws:iam::493827160514:role/deploy' })).toBe('493827160514');
    // A role_arn the plan does not show may be any role.
    expect(lockedAccount({ references: ['var.arn'] })).toBeUndefined();
  });

  it('reads a configuration whose assume_role blocks assume no role as signing in without them', () => {
    const providers = new ProviderConfigs(
      {
        aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } },
        'aws.empty': { name: 'aws', expressions: { assume_role: [{ role_arn: { constant_value: '' } }] } },
        'aws.deploy': { name: 'aws', expressions: { assume_role: [{ role_arn: { constant_value: 'arn:aws:iam::493827160514:role/deploy' } }] } },
      },
      () => undefined,
    );
    expect(providers.credentials('aws.empty')).toBe(providers.credentials('aws'));
    expect(providers.credentials('aws.deploy')).not.toBe(providers.credentials('aws'));
  });

  it('reads a module key without expressions as signing in in a way not shown, and a value an argument reads as its module\'s', () => {
    const profile = { profile: { references: ['var.profile'] } };
    const providers = new ProviderConfigs(
      {
        aws: { name: 'aws', expressions: profile },
        'aws.ops': { name: 'aws', alias: 'ops', expressions: { profile: { constant_value: 'ops' } } },
        // Passed in by the call (earlier plans), or inherited through a module writing none.
        'module.a:aws': { name: 'aws', module_address: 'module.a' },
        'module.b:aws': { name: 'aws', module_address: 'module.b', expressions: profile },
        'module.c:aws': { name: 'aws', module_address: 'module.c', expressions: profile },
        'module.d:aws': { name: 'aws', module_address: 'module.d', expressions: { profile: { constant_value: 'ops' }, region: { constant_value: 'us-west-2' } } },
      },
      () => undefined,
    );
    expect(providers.credentials('module.a:aws')).toBeUndefined();
    expect(providers.credentials('module.b:aws')).not.toBe(providers.credentials('aws'));
    expect(providers.credentials('module.b:aws')).not.toBe(providers.credentials('module.c:aws'));
    expect(providers.credentials('module.d:aws')).toBe(providers.credentials('aws.ops'));
  });

  it('lists the provider configurations resources are created with, any where one names a module key it writes none for', () => {
    const configs = { aws: { name: 'aws' }, 'aws.prod': { name: 'aws', alias: 'prod' }, 'aws.unused': { name: 'aws', alias: 'unused' } };
    const used = (rootResources: unknown[], callResources: unknown[]) =>
      new PlanConfiguration({ provider_config: configs, root_module: { resources: rootResources, module_calls: { m: { source: './m', module: { resources: callResources } } } } }).usedProviderKeys();
    const queue = (name: string, key: string) => ({ address: `aws_sqs_queue.${name}`, mode: 'managed', type: 'aws_sqs_queue', name, provider_config_key: key });
    // Terraform 1.1 and later key a module's resources by the configuration passed in.
    expect(used([queue('a', 'aws')], [queue('b', 'aws.prod')])).toEqual(new Set(['aws', 'aws.prod']));
    expect(used([], [queue('b', 'aws.prod')])).toEqual(new Set(['aws.prod']));
    // Earlier plans by the module's own name for it, which may stand for any configuration the call passes.
    expect(used([queue('a', 'aws')], [queue('b', 'module.m:aws')])).toBeUndefined();
  });
});

describe('a plan beside a CDKTF .tf.json folder', () => {
  const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
  /** A fixture folder's files by path relative to it, leaving out the plan with `withPlan` false. */
  const tree = (fixture: string, withPlan: boolean): Tree => {
    const directory = join(FIXTURES, fixture);
    const files = (execFileSync('find', ['.', '-type', 'f'], { cwd: directory, encoding: 'utf8' }).trim().split('\n')).map((path) => path.slice(2));
    return Object.fromEntries(files.filter((path) => withPlan || path !== 'plan.json').map((path) => [path, readFileSync(join(directory, path), 'utf8')]));
  };
  /** A finding as a reviewer reads it: rule, resource, where, what it relates, the fix. */
  const shown = (finding: Finding) => ({ rule: finding.ruleId, address: finding.resource.address, location: finding.location, related: finding.related, fix: finding.fix });
  const findings = async (fixture: string, withPlan: boolean) => (await scanTree(tree(fixture, withPlan))).findings.map(shown);

  it.each([
    // A notebook's role_arn as a local built around the role's name, and as a module input the .tf.json call builds so.
    'trust-sagemaker-role-unassumable/tf-plan-role-name-in-arn-module-json',
    // A domain's execution role written in a "dynamic" block's content, which the plan's configuration leaves out.
    'trust-sagemaker-role-unassumable/tf-plan-dynamic-execution-role-json',
  ])('reads and locates %s as the scan of the folder does', async (fixture) => {
    const fromFolder = await findings(fixture, false);
    expect(fromFolder.length).toBeGreaterThan(0);
    expect(await findings(fixture, true)).toEqual(fromFolder);
  });

  it.each([
    // Statements .tf.json locals write, read through jsonencode (an object whole), concat and merge; pinned, silent.
    ['trust-service-without-source-condition/tf-plan-json-local-statements', ['aws_iam_role.whole main.tf.json 9:26 "Service": "sagemaker.amazonaws.com"', 'aws_iam_role.concatenated main.tf.json 26:24 "Service": "personalize.amazonaws.com"', 'aws_iam_role.merged main.tf.json 26:24 "Service": "personalize.amazonaws.com"']],
    ['trust-service-without-source-condition/tf-plan-json-local-statements-pinned', []],
    // HCL roles reading the .tf.json locals (locals.tf.json) through jsonencode and concat.
    ['trust-service-without-source-condition/tf-plan-hcl-reads-json-locals', ['aws_iam_role.whole locals.tf.json 6:45 "Service": "sagemaker.amazonaws.com"', 'aws_iam_role.concatenated locals.tf.json 10:43 "Service": "sagemaker.amazonaws.com"']],
    ['identity-passrole-unscoped/tf-plan-json-local-statements', ['aws_iam_role_policy.concatenated main.tf.json 10:9 "Action": "iam:PassRole"', 'aws_iam_role_policy.merged main.tf.json 10:9 "Action": "iam:PassRole"', 'aws_iam_role_policy.whole main.tf.json 20:37 "iam:PassRole"']],
    ['identity-passrole-unscoped/tf-plan-json-local-statements-pinned', []],
    // A string over \n lines that interpolates (${var.team}) or writes $${ before the place; pinned, silent.
    ['trust-service-without-source-condition/tf-plan-json-lines-template', [String.raw`aws_iam_role.interpolated main.tf.json 8:165 \"Service\": \"sagemaker.amazonaws.com\"`, String.raw`aws_iam_role.escaped main.tf.json 12:222 \"Service\": \"sagemaker.amazonaws.com\"`]],
    ['trust-service-without-source-condition/tf-plan-json-lines-template-pinned', []],
    ['identity-passrole-unscoped/tf-plan-json-lines-template', [String.raw`aws_iam_role_policy.interpolated main.tf.json 14:133 \"Action\": \"iam:PassRole\"`, String.raw`aws_iam_role_policy.escaped main.tf.json 18:219 \"Action\": \"iam:PassRole\"`]],
    ['identity-passrole-unscoped/tf-plan-json-lines-template-pinned', []],
    // A local that interpolates, read whole: a heredoc (main.tf), a string over \n lines (locals.tf.json); pinned, silent.
    ['trust-service-without-source-condition/tf-plan-local-template-read-whole', [String.raw`aws_iam_role.string_local locals.tf.json 3:153 \"Service\": \"sagemaker.amazonaws.com\"`, 'aws_iam_role.heredoc_local main.tf 14:72 "Service": "sagemaker.amazonaws.com"']],
    ['trust-service-without-source-condition/tf-plan-local-template-read-whole-pinned', []],
    ['identity-passrole-unscoped/tf-plan-local-template-read-whole', [String.raw`aws_iam_role_policy.string_local locals.tf.json 3:136 \"Action\": \"iam:PassRole\"`, 'aws_iam_role_policy.heredoc_local main.tf 14:58 "Action": "iam:PassRole"']],
    ['identity-passrole-unscoped/tf-plan-local-template-read-whole-pinned', []],
  ])("locates %s inside the policy's text or the local's statement it is written in, beside its real plan as in the folder", async (fixture, expected) => {
    const fromFolder = await findings(fixture, false);
    expect(await findings(fixture, true)).toEqual(fromFolder);
    const rule = fixture.split('/')[0];
    const located = fromFolder.filter((finding) => finding.rule === rule).map(({ address, location }) => {
      expect(location.endLine).toBe(location.startLine);
      const line = readFileSync(join(FIXTURES, fixture, location.file), 'utf8').split('\n')[location.startLine - 1]!;
      return `${address} ${location.file} ${location.startLine}:${location.startColumn} ${line.slice(location.startColumn - 1, location.endColumn - 1)}`;
    });
    expect(located).toEqual(expected);
  });

  it('leaves for the plan a resource whose .tf.json writes another role or literal than the plan holds, with a notice', async () => {
    const result = await scanTree(tree('trust-sagemaker-role-unassumable/tf-plan-folder-edited-json', true));
    // Since the plan, "edited" names aws_iam_role.r2 for aws_iam_role.r (cdk.tf.json:25), and three notebooks are
    // ml.t3.large: "resized", and two whose lifecycle ignores the change ("ignore_changes": ["instance_type"], "all").
    expect(result.findings.map((finding) => `${finding.resource.address} ${finding.location.file}:${finding.location.startLine}`).sort()).toEqual([
      'aws_sagemaker_notebook_instance.all_ignored cdk.tf.json:78',
      'aws_sagemaker_notebook_instance.edited plan.json:1',
      'aws_sagemaker_notebook_instance.kept cdk.tf.json:37',
      'aws_sagemaker_notebook_instance.resize_ignored cdk.tf.json:61',
      'aws_sagemaker_notebook_instance.resized plan.json:1',
    ]);
    expect(result.notices.map((notice) => notice.message)).toContainEqual('the .tf files write other values than the plan holds for aws_sagemaker_notebook_instance.edited (role_arn, in cdk.tf.json), aws_sagemaker_notebook_instance.resized (instance_type, in cdk.tf.json): findings on them point at the plan (are they the files the plan was made from?)');
  });

  it('reads a trust policy a .tf.json module call passes, known only after apply, as a .tf call\'s', async () => {
    // As the scan of the folder, the finding is inside the call's argument, which writes the policy of that call alone
    // (the fix says nothing of the other call, whose policy is conditioned): at the principal its jsonencode() writes.
    const located = (await findings('trust-service-without-source-condition/tf-plan-deferred-module-input-json', true)).map(({ rule, address, location }) => `${rule} ${address} ${location.file}:${location.startLine}:${location.startColumn}-${location.endColumn}`);
    expect(located).toEqual(['trust-service-without-source-condition module.open.aws_iam_role.passed cdk.tf.json:27:207-244']);
    expect(await findings('trust-service-without-source-condition/tf-plan-deferred-module-input-json', true)).toEqual(await findings('trust-service-without-source-condition/tf-plan-deferred-module-input-json', false));
  });
});

describe('a plan beside policy texts that interpolate data sources it read at plan time', () => {
  const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-source-arn-wrong-service');
  /** Findings as `address file line:column text`, the text the finding points at (one line each). */
  const located = (findings: Finding[], folder: string) =>
    findings.map(({ resource, location }) => {
      expect(location.endLine).toBe(location.startLine);
      const line = readFileSync(location.file, 'utf8').split('\n')[location.startLine - 1]!;
      return `${resource.address} ${relative(folder, location.file)} ${location.startLine}:${location.startColumn} ${line.slice(location.startColumn - 1, location.endColumn - 1)}`;
    });

  it.each([
    // aws_partition and aws_region, in a heredoc, a quoted string and a .tf.json string: rendered with what the plan
    // read, as the folder alone renders them, inside each text.
    [
      'tf-plan-data-source-interpolated',
      [
        'aws_iam_role.json_string json.tf.json 6:284 \\"aws:SourceArn\\": \\"arn:${data.aws_partition.current.partition}:s3:::bucket-${data.aws_region.current.name}/*\\"',
        'aws_iam_role.heredoc main.tf 17:86 "aws:SourceArn": "arn:${data.aws_partition.current.partition}:s3:::bucket-${data.aws_region.current.name}/*"',
        'aws_iam_role.quoted main.tf 25:277 \\"aws:SourceArn\\": \\"arn:${data.aws_partition.current.partition}:s3:::bucket-${data.aws_region.current.name}/*\\"',
      ],
    ],
    ['tf-plan-data-source-interpolated-right', []],
  ])('locates %s inside the text beside its real plan, with --tf-dir, as in the folder alone', async (fixture, expected) => {
    const folder = join(FIXTURES, fixture);
    for (const result of await scannedAloneBesideAndWithTfDir(folder, ['main.tf', 'json.tf.json', 'prov.tf'])) {
      expect(result.errors).toEqual([]);
      expect(located(result.findings.filter((finding) => finding.ruleId === 'trust-source-arn-wrong-service'), folder)).toEqual(expected);
    }
  });
});

describe('a plan beside a statement one interpolation writes in a policy template', () => {
  const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-service-without-source-condition');
  const OWNER_SOURCE_ARN = 'arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*';
  /** The fix's Condition as the object of a jsonencode expression escaped for a .tf.json string. */
  const ESCAPED_OBJECT = `Condition = { StringEquals = { \\"aws:SourceAccount\\" = data.aws_caller_identity.current.account_id }, ArnLike = { \\"aws:SourceArn\\" = \\"${OWNER_SOURCE_ARN}\\" } }`;
  /** Findings as `address start-end text | fix`: the text the finding points at on its first line, the fix's first line. */
  const located = (findings: Finding[], lines: string[]) =>
    findings.map(({ resource, location, fix }) => {
      const text = lines[location.startLine - 1]!.slice(location.startColumn - 1, location.endLine === location.startLine ? location.endColumn - 1 : undefined);
      return `${resource.address} ${location.startLine}:${location.startColumn}-${location.endLine}:${location.endColumn} ${text} | ${fix?.snippet.split('\n')[0]}`;
    });

  it.each([
    // A jsonencode({...}) on the line or over lines, or a local's read whole (${local.statement}): at the principal,
    // fixed as its object; a variable's text (${var.statement}): at the principal in the default, fixed as its text
    // (escaped). A policy read whole from a local's jsonencode({...}): at the principal there, fixed as its object.
    [
      'tf-plan-interpolated-statement',
      'main.tf',
      [
        `aws_iam_role.heredoc_variable 9:54-9:94 \\"Service\\": \\"sagemaker.amazonaws.com\\" | \\"Condition\\":{\\"StringEquals\\":{\\"aws:SourceAccount\\":\\"\${data.aws_caller_identity.current.account_id}\\"},\\"ArnLike\\":{\\"aws:SourceArn\\":\\"${OWNER_SOURCE_ARN}\\"}}`,
        'aws_iam_role.encoded_local 13:99-13:134 Service = "sagemaker.amazonaws.com" | Condition = {',
        'aws_iam_role.heredoc_local 14:60-14:95 Service = "sagemaker.amazonaws.com" | Condition = {',
        'aws_iam_role.quoted_local 14:60-14:95 Service = "sagemaker.amazonaws.com" | Condition = {',
        'aws_iam_role.heredoc_encoded 53:64-53:99 Service = "sagemaker.amazonaws.com" | Condition = {',
        'aws_iam_role.quoted_encoded 60:125-60:160 Service = "sagemaker.amazonaws.com" | Condition = {',
        'aws_iam_role.encoded_over_lines 70:19-70:54 Service = "sagemaker.amazonaws.com" | Condition = {',
      ],
    ],
    ['tf-plan-interpolated-statement-pinned', 'main.tf', []],
    // A jsonencode({...}) written over the lines of a heredoc: in an indented one, the second of two, after a literal
    // statement; each at the principal, fixed as its object.
    [
      'tf-plan-interpolated-statement-lines',
      'main.tf',
      [
        'aws_iam_role.indented 12:23-12:58 Service = "sagemaker.amazonaws.com" | Condition = {',
        'aws_iam_role.two_encoded 30:19-30:54 Service = "sagemaker.amazonaws.com" | Condition = {',
        'aws_iam_role.after_literal 46:21-46:56 Service = "sagemaker.amazonaws.com" | Condition = {',
      ],
    ],
    ['tf-plan-interpolated-statement-lines-pinned', 'main.tf', []],
    // In .tf.json strings: a resource's "${jsonencode({...})}", a local's read whole, and the local's jsonencode({...})
    // a string over \n lines interpolates (${local.statement}), at the principal, fixed in the expression (escaped).
    [
      'tf-plan-json-interpolated-statement',
      'main.tf.json',
      [
        `aws_iam_role.lines 4:66-4:103 Service = \\"sagemaker.amazonaws.com\\" | ${ESCAPED_OBJECT}`,
        `aws_iam_role.local_whole 5:102-5:139 Service = \\"sagemaker.amazonaws.com\\" | ${ESCAPED_OBJECT}`,
        `aws_iam_role.encoded 11:119-11:156 Service = \\"sagemaker.amazonaws.com\\" | ${ESCAPED_OBJECT}`,
      ],
    ],
    ['tf-plan-json-interpolated-statement-pinned', 'main.tf.json', []],
    // A string on one line or over \n lines that interpolates a local's jsonencode({...}) or writes its own, on its
    // line or over \n lines: at the principal inside that expression, fixed there (escaped).
    [
      'tf-plan-json-interpolated-lines',
      'main.tf.json',
      [
        `aws_iam_role.one_line_local 4:66-4:103 Service = \\"sagemaker.amazonaws.com\\" | ${ESCAPED_OBJECT}`,
        `aws_iam_role.one_line_encoded 14:125-14:162 Service = \\"sagemaker.amazonaws.com\\" | ${ESCAPED_OBJECT}`,
        `aws_iam_role.lines_encoded 18:132-18:169 Service = \\"sagemaker.amazonaws.com\\" | ${ESCAPED_OBJECT}`,
        `aws_iam_role.encoded_over_lines 22:142-22:179 Service = \\"sagemaker.amazonaws.com\\" | ${ESCAPED_OBJECT}`,
      ],
    ],
    ['tf-plan-json-interpolated-lines-pinned', 'main.tf.json', []],
  ])('locates and fixes %s beside its real plan, with --tf-dir, as in the folder alone', async (fixture, written, expected) => {
    const folder = join(FIXTURES, fixture);
    const lines = readFileSync(join(folder, written), 'utf8').split('\n');
    for (const result of await scannedAloneBesideAndWithTfDir(folder, [written, 'prov.tf'])) {
      expect(result.errors).toEqual([]);
      expect(located(result.findings, lines)).toEqual(expected);
    }
  });

  it("locates and fixes a statement a root variable's text gives whole (${var.statement}) in that text, the default or a variable file's value, not in the template: beside its real plan, with --tf-dir, as in the folder alone", async () => {
    const folder = join(FIXTURES, 'tf-plan-interpolated-variable-statement');
    for (const fixture of ['tf-plan-interpolated-variable-statement', 'tf-plan-interpolated-variable-statement-pinned']) {
      for (const result of await scannedAloneBesideAndWithTfDir(join(FIXTURES, fixture), ['main.tf', 'prov.tf'])) {
        expect(result.errors).toEqual([]);
        const found = result.findings.map(({ resource, location, fix }) => {
          const line = readFileSync(location.file, 'utf8').split('\n')[location.startLine - 1]!;
          return [resource.address, `${relative(folder, location.file)}:${location.startLine}:${location.startColumn}`, line.slice(location.startColumn - 1, location.endColumn - 1), fix?.snippet.slice(0, '\\"Condition\\":{'.length), fix?.description.split(' (')[1]?.split(',')[0]];
        });
        expect(found).toEqual(
          fixture.endsWith('pinned')
            ? []
            : [
                // Escaped for the quoted string the variable's text is written as, where no ${...} resolves.
                ['aws_iam_role.from_default', 'main.tf:3:54', String.raw`\"Service\": \"sagemaker.amazonaws.com\"`, String.raw`\"Condition\":{`, 'in the JSON text of var.statement'],
                ['aws_iam_role.from_file', 'terraform.tfvars:1:53', String.raw`\"Service\": \"sagemaker.amazonaws.com\"`, String.raw`\"Condition\":{`, 'in the JSON text terraform.tfvars sets var.assigned to'],
              ],
        );
      }
    }
  });
});

describe('a plan beside an HCL quoted string written over \\n lines that interpolates', () => {
  const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
  /** A rule's findings as `address line:column text`, the text the finding points at (its first 40 characters). */
  const located = (findings: Finding[], rule: string, lines: string[]) =>
    findings
      .filter((finding) => finding.ruleId === rule)
      .map(({ resource, location }) => {
        expect([location.file.endsWith('main.tf'), location.endLine]).toEqual([true, location.startLine]);
        return `${resource.address} ${location.startLine}:${location.startColumn} ${lines[location.startLine - 1]!.slice(location.startColumn - 1, Math.min(location.endColumn, location.startColumn + 40) - 1)}`;
      });

  it.each([
    // Past ${var.team}, a jsonencode() call holding strings of its own, and $${; after an interpolation that writes line
    // breaks (${var.header}); a line with a %{} directive stays at the attribute. Pinned, silent.
    ['trust-service-without-source-condition/tf-plan-quoted-lines-template', [String.raw`aws_iam_role.interpolated 18:158 \"Service\": \"sagemaker.amazonaws.com\"`, String.raw`aws_iam_role.encoded 23:170 \"Service\": \"sagemaker.amazonaws.com\"`, String.raw`aws_iam_role.escaped 28:246 \"Service\": \"sagemaker.amazonaws.com\"`, String.raw`aws_iam_role.header 33:107 \"Service\": \"sagemaker.amazonaws.com\"`, String.raw`aws_iam_role.directive 38:3 assume_role_policy = "{\n  \"Version\": `]],
    ['trust-service-without-source-condition/tf-plan-quoted-lines-template-pinned', []],
    ['identity-passrole-unscoped/tf-plan-quoted-lines-template', [String.raw`aws_iam_role_policy.interpolated 28:126 \"Action\": \"iam:PassRole\"`, String.raw`aws_iam_role_policy.encoded 33:142 \"Action\": \"iam:PassRole\"`, String.raw`aws_iam_role_policy.escaped 38:242 \"Action\": \"iam:PassRole\"`, String.raw`aws_iam_role_policy.header 43:79 \"Action\": \"iam:PassRole\"`, String.raw`aws_iam_role_policy.directive 48:3 policy = "{\n  \"Version\": \"2012-10-17`]],
    ['identity-passrole-unscoped/tf-plan-quoted-lines-template-pinned', []],
  ])('locates %s inside the string beside its real plan, with --tf-dir, as in the folder alone', async (fixture, expected) => {
    const folder = join(FIXTURES, fixture);
    const rule = fixture.split('/')[0]!;
    const lines = readFileSync(join(folder, 'main.tf'), 'utf8').split('\n');
    for (const result of await scannedAloneBesideAndWithTfDir(folder, ['main.tf', 'prov.tf'])) {
      expect(result.errors).toEqual([]);
      expect(located(result.findings, rule, lines)).toEqual(expected);
    }
  });
});

describe('a plan beside policies read from entries of a local', () => {
  it('locates each on its Action line in the entry it reads by key or index, beside its real plan, with --tf-dir, as in the folder alone', async () => {
    const folder = join(import.meta.dirname, '..', '..', 'fixtures', 'identity-passrole-unscoped', 'tf-plan-local-entry-read');
    const lines = readFileSync(join(folder, 'main.tf'), 'utf8').split('\n');
    for (const result of await scannedAloneBesideAndWithTfDir(folder, ['main.tf', 'prov.tf'])) {
      expect(result.errors).toEqual([]);
      const found = result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map(({ resource, location }) => [resource.address, `${basename(location.file)}:${location.startLine}`, lines[location.startLine - 1]!.trim()]);
      expect(found).toEqual([
        ['aws_iam_policy.by_attribute', 'main.tf:11', 'Action   = "iam:PassRole"'],
        ['aws_iam_policy.by_key', 'main.tf:11', 'Action   = "iam:PassRole"'],
        ['aws_iam_policy.by_position', 'main.tf:29', 'Action   = "iam:PassRole"'],
      ]);
    }
  });
});

describe('a plan beside a trust policy a module output writes', () => {
  it("locates it in the output's value in the module's folder, beside its real plan, with --tf-dir, as in the folder alone", async () => {
    const folder = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-cross-account-without-external-id', 'tf-plan-module-argument');
    for (const result of await scannedAloneBesideAndWithTfDir(folder, ['main.tf', 'prov.tf'])) {
      expect(result.errors).toEqual([]);
      const found = result.findings.map(({ ruleId, resource, location }) => [ruleId, resource.address, `${relative(folder, location.file)}:${location.startLine}`]);
      expect(found).toEqual([
        ['trust-cross-account-without-external-id', 'module.heredoc.aws_iam_role.this', 'main.tf:12'],
        ['trust-cross-account-without-external-id', 'module.encoded.aws_iam_role.this', 'main.tf:26'],
        ['trust-cross-account-without-external-id', 'aws_iam_role.from_output', 'modules/policies/main.tf:7'],
      ]);
    }
  });
});

describe('a plan beside statements jsonencode reads from a variable or each.value', () => {
  const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
  const located = (folder: string, result: Awaited<ReturnType<typeof scan>>) => result.findings.map(({ ruleId, resource, location }) => [ruleId, resource.address, `${relative(folder, location.file)}:${location.startLine}`]);

  it("locates them where the variable's default or the for_each map local writes them, beside its real plan, with --tf-dir, as in the folder alone", async () => {
    const cases: Array<[string, string[], string[][]]> = [
      [join(fixtures, 'policy-wildcard-in-equals-operator', 'tf-plan-variable-default'), ['main.tf', 'prov.tf'], [['policy-wildcard-in-equals-operator', 'aws_iam_policy.models', 'main.tf:11']]],
      [join(fixtures, 'trust-any-principal', 'tf-plan-json-variable-default'), ['main.tf.json', 'prov.tf'], [
        ['trust-any-principal', 'aws_iam_role.from_default', 'main.tf.json:15'],
        ['trust-service-without-source-condition', 'aws_iam_role.from_default', 'main.tf.json:9'],
      ]],
      [join(fixtures, 'trust-any-principal', 'tf-plan-json-locals'), ['main.tf.json', 'prov.tf'], [
        ['trust-any-principal', 'aws_iam_role.built', 'main.tf.json:33'],
        ['trust-any-principal', 'aws_iam_role.team["research"]', 'main.tf.json:26'],
        ['trust-any-principal', 'aws_iam_role.whole', 'main.tf.json:10'],
        ['trust-service-without-source-condition', 'aws_iam_role.team["research"]', 'main.tf.json:20'],
      ]],
    ];
    for (const [folder, written, expected] of cases) {
      for (const result of await scannedAloneBesideAndWithTfDir(folder, written)) {
        expect(result.errors).toEqual([]);
        expect(located(folder, result).sort()).toEqual(expected);
      }
    }
  });

  it('locates a root variable terraform.tfvars sets where the file writes the value the plan holds, not at the default', async () => {
    const fixture = join(fixtures, 'trust-any-principal', 'tf-plan-variable-set-by-tfvars');
    const elsewhere = folder({ 'plan.json': readFileSync(join(fixture, 'plan.json')) });
    for (const result of [await scan([fixture]), await scan([join(elsewhere, 'plan.json')], { terraformFolder: fixture })]) {
      expect(result.errors).toEqual([]);
      expect(located(fixture, result)).toEqual([['trust-any-principal', 'aws_iam_role.from_variable', 'terraform.tfvars:4']]);
    }
  });
});

describe('a plan beside policies a map local writes, read as each.value and through a dynamic block', () => {
  it('locates each on its Action line in the entry that made the instance or the inline policy, beside its real plan, with --tf-dir, as in the folder alone', async () => {
    const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'identity-passrole-unscoped');
    const cases: Array<[string, string[][]]> = [
      ['tf-plan-map-local-jsonencode', [['aws_iam_policy.by_key', 'main.tf:10'], ['aws_iam_policy.each["pass"]', 'main.tf:10'], ['aws_iam_role.inline', 'main.tf:10']]],
      // Two entries: the one the key the content names (name = inline_policy.key) tells made the inline policy.
      ['tf-plan-map-local-entries', [['aws_iam_policy.each["pass"]', 'main.tf:19'], ['aws_iam_role.inline', 'main.tf:19']]],
    ];
    for (const [name, expected] of cases) {
      const fixture = join(fixtures, name);
      for (const result of await scannedAloneBesideAndWithTfDir(fixture, ['main.tf', 'prov.tf'])) {
        expect(result.errors).toEqual([]);
        const found = result.findings.filter((finding) => finding.ruleId === 'identity-passrole-unscoped').map(({ resource, location }) => [resource.address, `${basename(location.file)}:${location.startLine}`]);
        expect(found.sort()).toEqual(expected);
      }
    }
  });
});

describe("a plan beside a policy's text a .tf.json variable's default writes", () => {
  it('locates the policy variable in the default, which Terraform reads as the text it writes, beside its real plan, with --tf-dir, as in the folder alone', async () => {
    const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'policy-variables-without-version', 'tf-plan-json-variable-default');
    for (const result of await scannedAloneBesideAndWithTfDir(fixture, ['main.tf.json', 'prov.tf'])) {
      expect(result.errors).toEqual([]);
      expect(result.findings.map(({ ruleId, location }) => [ruleId, `${basename(location.file)}:${location.startLine}`])).toEqual([['policy-variables-without-version', 'main.tf.json:6']]);
    }
  });
});

describe('a plan beside a heredoc policy known only at apply that repeats a key', () => {
  it('locates the kept key and the dropped one in the heredoc, saying the provider checks only a text known at plan, beside its real plan, with --tf-dir, as in the folder alone', async () => {
    const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'policy-duplicate-key', 'tf-plan-text-known-at-apply');
    for (const result of await scannedAloneBesideAndWithTfDir(fixture, ['main.tf', 'prov.tf'])) {
      expect(result.errors).toEqual([]);
      const found = result.findings.filter((finding) => finding.ruleId === 'policy-duplicate-key');
      expect(found.map(({ location, related, message }) => [location.startLine, related?.map((entry) => entry.location.startLine), message.includes('with a value known only at apply the check is skipped')])).toEqual([[22, [21], true]]);
    }
  });
});

describe('a plan beside statements that read a root variable the plan alone gives (-var-file)', () => {
  it('locates what the variable gives where the .tf files read it, not in the plan, with the default followed beside it', async () => {
    const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'policy-unknown-action', 'tf-plan-real-or-unresolved');
    const elsewhere = folder({ 'plan.json': readFileSync(join(fixture, 'plan.json')) });
    for (const result of [await scan([fixture]), await scan([join(elsewhere, 'plan.json')], { terraformFolder: fixture })]) {
      expect(result.errors).toEqual([]);
      const found = result.findings.filter((finding) => ['policy-malformed', 'identity-passrole-unscoped'].includes(finding.ruleId));
      expect(found.map(({ ruleId, resource, location }) => [ruleId, resource.address, `${relative(fixture, location.file)}:${location.startLine}`]).sort()).toEqual([
        // iam:PassRole is each.value's, written in the map variable's default.
        ['identity-passrole-unscoped', 'aws_iam_policy.team["builders"]', 'main.tf:11'],
        ['policy-malformed', 'aws_iam_policy.team["analysts"]', 'main.tf:22'],
        ['policy-malformed', 'aws_iam_policy.team["builders"]', 'main.tf:22'],
      ]);
    }
  });
});

describe('CloudFormation templates a plan deploys', () => {
  it('reads the template_body of each stack and stack set, at the plan string; notices one at a URL; one being deleted and a data source say nothing', () => {
    const role = 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: "*"}\n            Action: sts:AssumeRole\n';
    const document = plan([
      { address: 'aws_cloudformation_stack.roles', values: { name: 'roles', template_body: role } },
      { address: 'aws_cloudformation_stack.broken', values: { name: 'broken', template_body: 'Resources: [' } },
      { address: 'module.org.aws_cloudformation_stack_set.roles', values: { name: 'roles', template_url: 'https://bucket.s3.amazonaws.com/roles.yaml' } },
      { address: 'aws_cloudformation_stack.gone', values: { name: 'gone', template_body: 'Resources: {}' }, actions: ['delete'] },
      { address: 'data.aws_cloudformation_stack.network', values: { name: 'network' }, actions: ['read'] },
    ]);
    const text = JSON.stringify(document, null, 2);
    const parsed = parseTerraformPlan('plan.json', text);
    const lines = text.split('\n');
    const lineOf = (address: string) => lines.findIndex((line) => line.includes(`"address": "${address}"`)) + 1;
    const bodyLine = (address: string) => lines.findIndex((line, index) => index > lineOf(address) && line.includes('"template_body"')) + 1;
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([
      { file: 'plan.json', line: lineOf('module.org.aws_cloudformation_stack_set.roles'), column: 15, message: 'module.org.aws_cloudformation_stack_set.roles is not followed: the CloudFormation template it deploys to its stack instances is not analyzed (save it to a file of its own and scan it)' },
    ]);
    const [roles, broken] = parsed.deployedTemplates!;
    expect(broken!.errors).toEqual([{ file: 'plan.json', line: bodyLine('aws_cloudformation_stack.broken'), column: 13, message: expect.stringMatching(/^in the template_body of aws_cloudformation_stack\.broken: YAML syntax error: .* \(line 1 of the template\)$/) }]);
    const inner = roles!.worlds[0]!.resources;
    expect(inner.map((resource) => resource.address)).toEqual(['plan.json#aws_cloudformation_stack.roles/template_body#Role']);
    expect(inner[0]!.locator.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal']).startLine).toBe(bodyLine('aws_cloudformation_stack.roles'));
  });
});
