import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../src/analyze/engine.js';
import { JsonSource } from '../../../parsers/terraform/json-source.js';
import { attributeOrigin, type Origin } from '../../../parsers/terraform/origins.js';
import { HclSource, heredocTemplateOrigin, TextPositions } from '../../../parsers/terraform/source.js';
import { keepsPositions, readTypeConstraint } from '../../../parsers/terraform/types.js';
import { writtenPosition, type StringOrigin } from '../../../src/model/index.js';
import { scanTree, type Tree } from './helpers.js';

/** A trust statement open to any principal, told apart by its Sid: trust-any-principal points at its line. */
const open = (sid: string) => `{ Sid = "${sid}", Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }`;
const closed = (sid: string) => `{ Sid = "${sid}", Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }`;

const role = (name: string, statements: string, meta = '') => `resource "aws_iam_role" "${name}" {
${meta}  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = ${statements} })
}
`;

/** The 1-based number of the first line of `text` after line `after` that holds `marker`. */
function lineOf(text: string, marker: string, after = 0): number {
  const index = text.split('\n').findIndex((line, at) => at >= after && line.includes(marker));
  if (index < 0) throw new Error(`no line holds ${marker}`);
  return index + 1;
}

/** Where a rule reports on each resource, `file:line`. */
function linesOf(result: ScanResult, ruleId: string): Record<string, string[]> {
  expect(result.errors).toEqual([]);
  const lines: Record<string, string[]> = {};
  for (const finding of result.findings.filter((candidate) => candidate.ruleId === ruleId)) {
    (lines[finding.resource.address] ??= []).push(`${finding.location.file}:${finding.location.startLine}`);
  }
  return lines;
}

/** Each role at the line `attribute` gives for its name (an instance's address reads its resource's). */
function atAttributes(attribute: (name: string) => string, addresses: string[]): Record<string, string[]> {
  return Object.fromEntries(addresses.map((address) => [`aws_iam_role.${address}`, [attribute(address.split('[')[0]!)]]));
}

/** Scans a tree once, for all the tests that read it. */
function scanOnce(tree: Tree): () => Promise<ScanResult> {
  let result: Promise<ScanResult> | undefined;
  return () => (result ??= scanTree(tree));
}

/**
 * The cases a local read through a part of it has in both syntaxes, which write the same resources and markers (in HCL,
 * or in a .tf.json file): each.value of a map local here or in a module, a dynamic block's iterator, an attribute or an
 * index, and a local nested in another, written there or named there.
 */
function locatesPartsOfLocals(file: string, main: string): { scanned: () => Promise<ScanResult>; at: (marker: string) => string } {
  const scanned = scanOnce({ [file]: main, 'trust/main.tf': role('trusted', 'var.statements', '  name = "m"\n') + 'variable "statements" {}\n' });
  const at = (marker: string) => `${file}:${lineOf(main, marker)}`;

  it('is located where the local writes it when read as each.value of a map local, here or in a module', async () => {
    expect(linesOf(await scanned(), 'trust-any-principal')).toMatchObject({
      'aws_iam_role.each_list["a"]': [at('"ListA1"')],
      'aws_iam_role.each_list["b"]': [at('"ListB0"')],
      'aws_iam_role.each_object["c"]': [at('"ObjectC"')],
      'module.each["a"].aws_iam_role.trusted': [at('"ListA1"')],
      'module.each["b"].aws_iam_role.trusted': [at('"ListB0"')],
    });
    // A finding on a condition points at the condition's line, not the statement's first.
    expect(linesOf(await scanned(), 'policy-wildcard-in-equals-operator')).toEqual({ 'aws_iam_policy.each_condition["wildcard"]': [at('"1111*"')] });
  });

  it("is located where the local writes it when read through a dynamic block's iterator", async () => {
    expect(linesOf(await scanned(), 'identity-passrole-unscoped')).toEqual({ 'aws_iam_policy.grants': [at('"iam:PassRole"')] });
  });

  it('is located where the local writes it when read by an attribute or an index into the local, or through a local nested in another, written there or named there', async () => {
    expect(linesOf(await scanned(), 'trust-any-principal')).toMatchObject({
      'aws_iam_role.attribute': [at('"ListA1"')],
      'aws_iam_role.index': [at('"ListB0"')],
      'aws_iam_role.nested': [at('"TeamDoc0"')],
      'aws_iam_role.through_local': [at('"SharedDoc0"')],
    });
  });
  return { scanned, at };
}

describe('a statement written inside a local and read through a part of it', () => {
  const main = `locals {
  lists = {
    a = [
      ${closed('ListA0')},
      ${open('ListA1')},
    ]
    b = [${open('ListB0')}]
  }
  objects = {
    c = ${open('ObjectC')}
  }
  docs = {
    team = {
      statements = [
        ${open('TeamDoc0')},
      ]
    }
    shared = local.shared
  }
  shared = {
    statements = [${open('SharedDoc0')}]
  }
  conditions = {
    wildcard = [{
      Effect    = "Allow"
      Action    = "s3:GetObject"
      Resource  = "*"
      Condition = { StringEquals = { "aws:SourceAccount" = "1111*" } }
    }]
  }
  grants = [
    {
      actions   = ["s3:GetObject"]
      resources = ["arn:aws:s3:::datasets/*"]
    },
    {
      actions   = ["iam:PassRole"]
      resources = ["*"]
    },
  ]
}

${role('each_list', 'each.value', '  for_each = local.lists\n')}
${role('each_object', '[each.value]', '  for_each = local.objects\n')}
${role('attribute', 'local.lists.a')}
${role('index', 'local.lists["b"]')}
${role('nested', '[local.docs.team.statements[0]]')}
${role('through_local', 'local.docs.shared.statements')}
module "each" {
  source     = "./trust"
  for_each   = local.lists
  statements = each.value
}

resource "aws_iam_policy" "each_condition" {
  for_each = local.conditions
  policy   = jsonencode({ Version = "2012-10-17", Statement = each.value })
}

data "aws_iam_policy_document" "grants" {
  dynamic "statement" {
    for_each = local.grants
    content {
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_policy" "grants" {
  policy = data.aws_iam_policy_document.grants.json
}
`;
  locatesPartsOfLocals('main.tf', main);
});

describe('a statement a local holds but that is not written in one place the value is read from', () => {
  // Each case reads its own locals: a statement read directly elsewhere would be located where it is written.
  const main = `locals {
  concat_a = [${closed('ConcatA')}]
  concat_b = [${open('ConcatB')}]
  parts = {
    a = [${closed('PartsA')}]
    b = [${open('PartsB')}]
  }
  looped = { b = [${open('Looped')}] }
  changed = { b = [${open('Changed')}] }
  merge_1 = { x = [${open('Merge1')}] }
  merge_2 = { y = [${closed('Merge2')}] }
  built = { team = concat(local.built_from, [${open('Built')}]) }
  built_from = [${closed('BuiltFrom')}]
  # hcl2json sorts keys: the computed one, read as "\${(local.key_name)}", comes after "#" and replaces it.
  key_name = "#"
  keyed = {
    "#"              = [${closed('KeyedLiteral')}]
    (local.key_name) = [${open('KeyedComputed')}]
  }
  reversed = { b = [${closed('Reversed0')}, ${open('Reversed1')}] }
  from_for = { for name, statements in local.for_source : name => statements }
  for_source = { b = [${open('ForSource')}] }
}

${role('concat', 'concat(local.concat_a, local.concat_b)')}
${role('concat_parts', 'concat(local.parts.a, local.parts.b)')}
${role('for_each_element', '[for statement in local.looped.b : statement]')}
${role('for_changed', '[for statement in local.changed.b : merge(statement, { Sid = "Changed" })]')}
${role('merged', 'merge(local.merge_1, local.merge_2).x')}
${role('built', 'local.built.team')}
${role('computed_key', 'local.keyed["#"]')}
${role('each_computed_key', 'each.value', '  for_each = local.keyed\n')}
${role('reversed', 'reverse(local.reversed.b)')}
${role('from_for', 'local.from_for.b')}
${role('each_from_for', 'each.value', '  for_each = { for name, statements in local.for_source : name => statements }\n')}
`;
  const attribute = (name: string) => `main.tf:${lineOf(main, 'assume_role_policy', lineOf(main, `"aws_iam_role" "${name}"`))}`;

  it('is located at the attribute that reads it, as before; in the local when concat() passes on the list that holds it, read whole or as an entry (local.built.team)', async () => {
    const at = (sid: string) => `main.tf:${lineOf(main, `"${sid}"`)}`;
    expect(linesOf(await scanTree({ 'main.tf': main }), 'trust-any-principal')).toEqual({
      ...atAttributes(attribute, ['for_each_element', 'for_changed', 'merged', 'computed_key', 'each_computed_key["#"]', 'reversed', 'from_for', 'each_from_for["b"]']),
      'aws_iam_role.built': [at('Built')],
      'aws_iam_role.concat': [at('ConcatB')],
      'aws_iam_role.concat_parts': [at('PartsB')],
    });
  });
});

/** The statements of the first suites in the JSON syntax, one line each. */
const openJson = (sid: string) => `{ "Sid": "${sid}", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": { "AWS": "*" } }`;
const closedJson = (sid: string) => `{ "Sid": "${sid}", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": { "Service": "sagemaker.amazonaws.com" } }`;
/** An `aws_iam_role` body in the JSON syntax whose trust policy's statements are `statements`, an HCL expression. */
const roleJson = (statements: string, meta = '') => `{ ${meta}"assume_role_policy": "\${jsonencode({ Version = \\"2012-10-17\\", Statement = ${statements} })}" }`;

describe('a statement written inside a local of a .tf.json file', () => {
  const main = `{
  "locals": {
    "trust": {
      "Version": "2012-10-17",
      "Statement": [
        ${closedJson('Whole0')},
        ${openJson('Whole1')}
      ]
    },
    "lists": {
      "a": [
        ${closedJson('ListA0')},
        ${openJson('ListA1')}
      ],
      "b": [${openJson('ListB0')}]
    },
    "objects": {
      "c": ${openJson('ObjectC')}
    },
    "docs": {
      "team": {
        "statements": [
          ${openJson('TeamDoc0')}
        ]
      },
      "shared": "\${local.shared}"
    },
    "shared": {
      "statements": [${openJson('SharedDoc0')}]
    },
    "conditions": {
      "wildcard": [{
        "Effect": "Allow",
        "Action": "s3:GetObject",
        "Resource": "*",
        "Condition": { "StringEquals": { "aws:SourceAccount": "1111*" } }
      }]
    },
    "grants": [
      {
        "actions": ["s3:GetObject"],
        "resources": ["arn:aws:s3:::datasets/*"]
      },
      {
        "actions": ["iam:PassRole"],
        "resources": ["*"]
      }
    ]
  },
  "resource": {
    "aws_iam_role": {
      "whole": { "assume_role_policy": "\${jsonencode(local.trust)}" },
      "each_list": ${roleJson('each.value', '"for_each": "${local.lists}", ')},
      "each_object": ${roleJson('[each.value]', '"for_each": "${local.objects}", ')},
      "attribute": ${roleJson('local.lists.a')},
      "index": ${roleJson('local.lists[\\"b\\"]')},
      "nested": ${roleJson('[local.docs.team.statements[0]]')},
      "through_local": ${roleJson('local.docs.shared.statements')}
    },
    "aws_iam_policy": {
      "each_condition": {
        "for_each": "\${local.conditions}",
        "policy": "\${jsonencode({ Version = \\"2012-10-17\\", Statement = each.value })}"
      },
      "grants": { "policy": "\${data.aws_iam_policy_document.grants.json}" }
    }
  },
  "module": {
    "each": { "source": "./trust", "for_each": "\${local.lists}", "statements": "\${each.value}" }
  },
  "data": {
    "aws_iam_policy_document": {
      "grants": {
        "dynamic": {
          "statement": {
            "for_each": "\${local.grants}",
            "content": {
              "actions": "\${statement.value.actions}",
              "resources": "\${statement.value.resources}"
            }
          }
        }
      }
    }
  }
}
`;
  const { scanned, at } = locatesPartsOfLocals('main.tf.json', main);

  it('is located where the local writes it when the whole local is read', async () => {
    expect(linesOf(await scanned(), 'trust-any-principal')).toMatchObject({ 'aws_iam_role.whole': [at('"Whole1"')] });
  });
});

describe('a statement a local of a .tf.json file holds but that is not written in one place the value is read from', () => {
  const main = `{
  "locals": {
    "concat_a": [${closedJson('ConcatA')}],
    "concat_b": [${openJson('ConcatB')}],
    "parts": {
      "a": [${closedJson('PartsA')}],
      "b": [${openJson('PartsB')}]
    },
    "looped": { "b": [${openJson('Looped')}] },
    "merge_1": { "x": [${openJson('Merge1')}] },
    "merge_2": { "y": [${closedJson('Merge2')}] },
    "built": { "team": "\${concat(local.built_from, [{ Sid = \\"Built\\", Effect = \\"Allow\\", Action = \\"sts:AssumeRole\\", Principal = { AWS = \\"*\\" } }])}" },
    "built_from": [${closedJson('BuiltFrom')}],
    "key_name": "#",
    "keyed": {
      "#": [${closedJson('KeyedLiteral')}],
      "\${local.key_name}": [${openJson('KeyedComputed')}]
    },
    "reversed": { "b": [${closedJson('Reversed0')}, ${openJson('Reversed1')}] },
    "from_for": "\${{ for name, statements in local.for_source : name => statements }}",
    "for_source": { "b": [${openJson('ForSource')}] }
  },
  "resource": {
    "aws_iam_role": {
      "concat": ${roleJson('concat(local.concat_a, local.concat_b)')},
      "concat_parts": ${roleJson('concat(local.parts.a, local.parts.b)')},
      "for_each_element": ${roleJson('[for statement in local.looped.b : statement]')},
      "merged": ${roleJson('merge(local.merge_1, local.merge_2).x')},
      "built": ${roleJson('local.built.team')},
      "computed_key": ${roleJson('local.keyed[\\"#\\"]')},
      "each_computed_key": ${roleJson('each.value', '"for_each": "${local.keyed}", ')},
      "reversed": ${roleJson('reverse(local.reversed.b)')},
      "from_for": ${roleJson('local.from_for.b')}
    }
  }
}
`;
  const attribute = (name: string) => `main.tf.json:${lineOf(main, `"${name}": {`, lineOf(main, '"aws_iam_role": {'))}`;

  it('is located at the attribute that reads it, as in HCL; in the local when concat() passes on the list that holds it, read whole or as an entry', async () => {
    const at = (sid: string) => `main.tf.json:${lineOf(main, `"${sid}"`)}`;
    expect(linesOf(await scanTree({ 'main.tf.json': main }), 'trust-any-principal')).toEqual({
      ...atAttributes(attribute, ['for_each_element', 'merged', 'computed_key', 'each_computed_key["#"]', 'reversed', 'from_for']),
      'aws_iam_role.built': [`main.tf.json:${lineOf(main, 'Sid = \\"Built\\"')}`],
      'aws_iam_role.concat': [at('ConcatB')],
      'aws_iam_role.concat_parts': [at('PartsB')],
    });
  });
});

describe("a statement written in a variable's default", () => {
  const main = `variable "trust" {
  default = {
    Version = "2012-10-17"
    Statement = [
      ${closed('Whole0')},
      ${open('Whole1')},
    ]
  }
}

variable "lists" {
  default = {
    a = [
      ${open('ListA0')},
    ]
  }
}

variable "typed" {
  type = list(object({ Sid = string, Effect = string, Action = string, Principal = map(string) }))
  default = [
    ${closed('Typed0')},
    ${open('Typed1')},
  ]
}

variable "as_set" {
  type = set(object({ Sid = string, Effect = string, Action = string, Principal = map(string) }))
  default = [
    ${open('Set0')},
  ]
}

variable "from_tfvars" {
  default = [${closed('Default')}]
}

variable "from_var" {
  # A value given with --var is read as a string unless the type says otherwise.
  type    = list(any)
  default = [${closed('Default')}]
}

resource "aws_iam_role" "whole" {
  assume_role_policy = jsonencode(var.trust)
}
${role('each_list', 'each.value', '  for_each = var.lists\n')}
${role('attribute', 'var.lists.a')}
${role('typed', 'var.typed')}
${role('as_set', 'var.as_set')}
${role('from_tfvars', 'var.from_tfvars')}
${role('from_var', 'var.from_var')}
module "defaulted" {
  source = "./trust"
}
module "passed" {
  source     = "./trust"
  statements = [${open('Passed')}]
}
`;
  const trust = `${role('trusted', 'var.statements', '  name = "m"\n')}
variable "statements" {
  default = [
    ${open('ModuleDefault')},
  ]
}
`;
  const tfvars = `from_tfvars = [${open('Tfvars')}]\n`;
  let result: Promise<ScanResult> | undefined;
  const scanned = () => (result ??= scanTree({ 'main.tf': main, 'trust/main.tf': trust, 'terraform.tfvars': tfvars }, { variables: { from_var: `[${open('Var')}]` } }));
  const at = (marker: string) => `main.tf:${lineOf(main, marker)}`;
  const attribute = (name: string) => `main.tf:${lineOf(main, 'assume_role_policy', lineOf(main, `"aws_iam_role" "${name}"`))}`;

  it('is located where the default writes it, read whole, by an attribute or as each.value, here or in a module', async () => {
    expect(linesOf(await scanned(), 'trust-any-principal')).toMatchObject({
      'aws_iam_role.whole': [at('"Whole1"')],
      'aws_iam_role.each_list["a"]': [at('"ListA0"')],
      'aws_iam_role.attribute': [at('"ListA0"')],
      'aws_iam_role.typed': [at('"Typed1"')],
      'module.defaulted.aws_iam_role.trusted': [`trust/main.tf:${lineOf(trust, '"ModuleDefault"')}`],
      // A value a module block passes is where that block writes it.
      'module.passed.aws_iam_role.trusted': [at('"Passed"')],
    });
  });

  it('is located at the attribute that reads it when the value is not the default, or a set type orders it', async () => {
    expect(linesOf(await scanned(), 'trust-any-principal')).toMatchObject({
      'aws_iam_role.as_set': [attribute('as_set')],
      'aws_iam_role.from_tfvars': [attribute('from_tfvars')],
      'aws_iam_role.from_var': [attribute('from_var')],
    });
  });
});

describe("a statement written in a variable's default in a .tf.json file", () => {
  const main = `{
  "variable": {
    "trust": {
      "default": {
        "Version": "2012-10-17",
        "Statement": [
          ${closedJson('Whole0')},
          ${openJson('Whole1')}
        ]
      }
    },
    "lists": {
      "default": {
        "a": [
          ${openJson('ListA0')}
        ]
      }
    },
    "as_set": {
      "type": "set(object({ Sid = string, Effect = string, Action = string, Principal = map(string) }))",
      "default": [
        ${openJson('Set0')}
      ]
    },
    "from_tfvars": {
      "default": [${closedJson('Default')}]
    }
  },
  "resource": {
    "aws_iam_role": {
      "whole": { "assume_role_policy": "\${jsonencode(var.trust)}" },
      "each_list": ${roleJson('each.value', '"for_each": "${var.lists}", ')},
      "attribute": ${roleJson('var.lists.a')},
      "as_set": ${roleJson('var.as_set')},
      "from_tfvars": ${roleJson('var.from_tfvars')}
    }
  }
}
`;
  const at = (marker: string) => `main.tf.json:${lineOf(main, marker)}`;
  const attribute = (name: string) => `main.tf.json:${lineOf(main, `"${name}": {`, lineOf(main, '"aws_iam_role": {'))}`;

  it('is located where the default writes it, and at the attribute that reads it when the value is not the default or a set type orders it', async () => {
    expect(linesOf(await scanTree({ 'main.tf.json': main, 'terraform.tfvars': `from_tfvars = [${open('Tfvars')}]\n` }), 'trust-any-principal')).toEqual({
      'aws_iam_role.whole': [at('"Whole1"')],
      'aws_iam_role.each_list["a"]': [at('"ListA0"')],
      'aws_iam_role.attribute': [at('"ListA0"')],
      'aws_iam_role.as_set': [attribute('as_set')],
      'aws_iam_role.from_tfvars': [attribute('from_tfvars')],
    });
  });
});

describe('the origin of a value an attribute of a .tf.json file writes', () => {
  const text = `{
  "locals": {
    "docs": {
      "team": {
        "statements": [
          { "Sid": "A" },
          {
            "Sid": "B",
            "Condition": { "StringEquals": { "aws:SourceAccount": "1111*" } }
          }
        ]
      },
      "built": "\${concat(local.a, local.b)}",
      "text": "plain",
      "team": { "statements": [{ "Sid": "Last" }] }
    },
    "keyed": {
      "#": [{ "Sid": "Literal" }],
      "\${local.name}": [{ "Sid": "Computed" }]
    },
    "looped": "\${{ for k, v in local.docs : k => v }}"
  }
}
`;
  const source = new JsonSource('main.tf.json', text);
  const origin = (name: string): Origin => {
    const attribute = source.body.blocks.find((block) => block.type === 'locals')!.attributes.find((candidate) => candidate.name === name)!;
    return attributeOrigin(source, attribute);
  };
  const line = (marker: string) => lineOf(text, marker);

  it('locates a path at the member or item it reaches, as deep as the JSON writes it', () => {
    const docs = origin('docs');
    expect(docs.locate([]).startLine).toBe(line('"docs"'));
    // Of a key written twice, the last is the value JSON.parse keeps.
    expect(docs.locate(['team', 'statements', 0]).startLine).toBe(line('"Last"'));
    expect(docs.locate(['built', 0, 'Sid']).startLine).toBe(line('"built"'));
    expect(docs.locate(['missing']).startLine).toBe(line('"docs"'));
  });

  it('gives the part of a list or object written as one, and none of a template, a scalar or under a computed key', () => {
    const statements = origin('docs').part?.('team')?.part?.('statements');
    expect(statements).toBeDefined();
    const first = origin('docs').part?.('team')?.part?.('statements')?.part?.(0);
    expect(first?.locate(['Sid']).startLine).toBe(line('"Last"'));
    expect(origin('docs').part?.('built')).toBeUndefined();
    expect(origin('docs').part?.('text')).toBeUndefined();
    expect(origin('docs').part?.('missing')).toBeUndefined();
    expect(origin('keyed').part?.('#')).toBeUndefined();
    expect(origin('looped').part?.('team')).toBeUndefined();
    expect(origin('looped').locate(['team', 'statements']).startLine).toBe(line('"looped"'));
  });

  it('locates a condition at its own line', () => {
    const text2 = text.replace('"team": { "statements": [{ "Sid": "Last" }] }', '"other": 1');
    const source2 = new JsonSource('main.tf.json', text2);
    const attribute = source2.body.blocks.find((block) => block.type === 'locals')!.attributes.find((candidate) => candidate.name === 'docs')!;
    const statement = attributeOrigin(source2, attribute).part?.('team')?.part?.('statements')?.part?.(1);
    expect(statement?.locate(['Condition', 'StringEquals', 'aws:SourceAccount']).startLine).toBe(lineOf(text2, '"aws:SourceAccount"'));
    expect(statement?.locate([]).startLine).toBe(lineOf(text2, '"Sid": "B"') - 1);
  });
});

/** A template written over \n lines as a .tf.json string and as an HCL quoted string (JSON's escapes are HCL's here). */
const LINES_TEMPLATE = '{\n  "Sid": "${var.team}A",\n${var.extra}\n  "Effect": "$${x}Allow"\n}';
const LINES_TEMPLATE_WRITTEN: ReadonlyArray<[string, string, (text: string) => StringOrigin | undefined]> = [
  ['a .tf.json string', `{ "locals": { "p": ${JSON.stringify(LINES_TEMPLATE)} } }\n`, (text) => new JsonSource('main.tf.json', text).stringOriginAt(text.indexOf('"{'))],
  ['an HCL quoted string', `locals {\n  p = ${JSON.stringify(LINES_TEMPLATE)}\n}\n`, (text) => heredocTemplateOrigin(new HclSource('main.tf', text), { start: text.indexOf('"{'), end: text.indexOf('\n}\n') })],
];

describe.each(LINES_TEMPLATE_WRITTEN)('the text of %s written over \\n lines that interpolates', (_form, text, originOf) => {
  const origin = originOf(text)!;
  const source = new TextPositions('', text);
  /** The file's position of a position of the rendering; undefined where the rendering is not written. */
  const positionOf = (rendered: string, line: number, column: number) => {
    const fitted = origin.fit!(rendered);
    return fitted && writtenPosition(fitted, line, column, false);
  };
  /** The position of the first place `written` is in the file. */
  const at = (written: string, past = 0) => source.lineColumn(text.indexOf(written) + past);

  it("places a rendering through each line's interpolations and escapes, on the file's line", () => {
    const rendered = '{\n  "Sid": "researchA",\n"A": 1\n  "Effect": "${x}Allow"\n}';
    expect(positionOf(rendered, 2, 3)).toEqual(at(String.raw`\"Sid`));
    // After what ${var.team} wrote, and after $${ (which renders as ${).
    expect(positionOf(rendered, 2, 19)).toEqual(at(String.raw`A\",`));
    expect(positionOf(rendered, 4, 18)).toEqual(at('Allow'));
    expect(positionOf(rendered, 3, 2)).toEqual(at('${var.extra}'));
  });

  it('places the lines before and after an interpolation that wrote line breaks, but for those that interpolate', () => {
    const rendered = '{\n  "Sid": "researchA",\n"A": 1,\n"B": 2\n  "Effect": "${x}Allow"\n}';
    expect(positionOf(rendered, 1, 1)).toEqual(at('"{', 1));
    expect(positionOf(rendered, 5, 18)).toEqual(at('Allow'));
    // ${var.team} may have written line breaks too: its line is not known to be this one.
    expect(positionOf(rendered, 2, 3)).toBeUndefined();
    expect(positionOf(rendered, 3, 2)).toBeUndefined();
  });

  it('fits no rendering that keeps none of its lines', () => {
    expect(origin.fit!('{"Sid": "x"}')).toBeUndefined();
  });
});

describe('the text of an HCL quoted string that interpolates', () => {
  /** The origin of the quoted string `written` is, as a local's value. */
  const originOf = (written: string) => {
    const text = `locals {\n  p = ${written}\n}\n`;
    const start = text.indexOf(written);
    return { text, origin: heredocTemplateOrigin(new HclSource('main.tf', text), { start, end: start + written.length }) };
  };

  it('reads an interpolation as written, the strings and escapes in it included: they break no line of the text', () => {
    const { text, origin } = originOf('"{\\n  \\"Sid\\": ${jsonencode(replace("a\\nb\\"", "\\n", ""))},\\n  \\"Effect\\": \\"Allow\\"\\n}"');
    const fitted = origin!.fit!('{\n  "Sid": "ab\\"",\n  "Effect": "Allow"\n}');
    const at = (written: string) => new TextPositions('', text).lineColumn(text.indexOf(written));
    expect(fitted && writtenPosition(fitted, 3, 14, false)).toEqual(at('Allow'));
    // Inside what the interpolation wrote: where it is written.
    expect(fitted && writtenPosition(fitted, 2, 10, false)).toEqual(at('${jsonencode'));
  });

  it('locates a finding inside the string a local the policy reads whole writes, in the folder scan', async () => {
    const trust = '"{\\n  \\"Statement\\": [\\n    {\\"Sid\\": \\"${var.team}A\\", \\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"*\\"}, \\"Action\\": \\"sts:AssumeRole\\"}\\n  ]\\n}"';
    const main = `variable "team" {\n  default = "research"\n}\n\nlocals {\n  trust = ${trust}\n}\n\nresource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = local.trust\n}\n`;
    const { findings } = await scanTree({ 'main.tf': main });
    const line = main.split('\n')[5]!;
    expect(findings.filter((finding) => finding.ruleId === 'trust-any-principal').map(({ location }) => [location.startLine, line.slice(location.startColumn - 1, location.endColumn - 1)])).toEqual([[6, String.raw`\"AWS\": \"*\"`]]);
  });

  it.each([
    // Interpolations alone write none of the text: it is located where they read it.
    ['"${jsonencode(local.policy)}"'],
    // An escape that writes $ or { where the template has none, which would be read as an interpolation.
    ['"{\\"Sid\\": \\"\\u0024{var.team}\\", \\"Effect\\": \\"${var.effect}\\"}"'],
    ['"{\\"Sid\\": \\"$\\u007bvar.team}\\", \\"Effect\\": \\"${var.effect}\\"}"'],
    // Not one string: a quote ends it.
    ['"${var.a}" == "b"'],
  ])('places none of the text of %s', (written) => {
    expect(originOf(written).origin).toBeUndefined();
  });
});

describe('which variable types keep the elements of a default where it writes them', () => {
  it.each([
    ['any', true],
    ['list(object({ Sid = string, Principal = map(string) }))', true],
    ['map(list(any))', true],
    ['tuple([string, set(string)])', false],
    ['set(any)', false],
    ['object({ statements = list(any), tags = set(string) })', false],
  ])('%s: %s', (type, keeps) => {
    expect(keepsPositions(readTypeConstraint(type))).toBe(keeps);
  });
});

describe("a policy written in a module block's argument or a module's output, or as a heredoc or file in a local", () => {
  const heredoc = (sid: string, principal = '"*"') => `<<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    ${closedJson(`${sid}0`)},
    { "Sid": "${sid}1", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": { "AWS": ${principal} } }
  ]
}
JSON`;
  const main = `locals {
  anyone  = "*"
  heredoc = ${heredoc('LocalHeredoc')}
  file    = file("\${path.module}/trust.json")
}

module "encoded" {
  source     = "./text"
  trust_json = jsonencode({ Version = "2012-10-17", Statement = [${closed('Encoded0')}, ${open('Encoded1')}] })
}
module "heredoc" {
  source     = "./text"
  trust_json = ${heredoc('Heredoc', '"${local.anyone}"')}
}
module "through_local" {
  source     = "./text"
  trust_json = local.heredoc
}
module "typed" {
  source     = "./typed"
  statements = [${closed('Typed0')}, ${open('Typed1')}]
}
module "outputs" {
  source = "./outputs"
  count  = 1
}

resource "aws_iam_role" "output_encoded" {
  assume_role_policy = module.outputs[0].encoded
}
resource "aws_iam_role" "output_heredoc" {
  assume_role_policy = module.outputs[0].heredoc
}
resource "aws_iam_role" "local_heredoc" {
  assume_role_policy = local.heredoc
}
resource "aws_iam_role" "local_file" {
  assume_role_policy = local.file
}
`;
  const file = `{
  "Version": "2012-10-17",
  "Statement": [
    ${closedJson('File0')},
    ${openJson('File1')}
  ]
}
`;
  const text = `variable "trust_json" { type = string }
resource "aws_iam_role" "trusted" {
  assume_role_policy = var.trust_json
}
`;
  const typed = `variable "statements" { type = list(any) }
${role('trusted', 'var.statements')}`;
  const outputs = `output "encoded" {
  value = jsonencode({ Version = "2012-10-17", Statement = [${closed('OutputEncoded0')}, ${open('OutputEncoded1')}] })
}
output "heredoc" {
  value = ${heredoc('OutputHeredoc')}
}
`;
  const at = (marker: string) => `main.tf:${lineOf(main, marker)}`;

  it('is located where it is written, not at the attribute that reads it', async () => {
    const scanned = await scanTree({ 'main.tf': main, 'trust.json': file, 'text/main.tf': text, 'typed/main.tf': typed, 'outputs/main.tf': outputs });
    expect(linesOf(scanned, 'trust-any-principal')).toEqual({
      'module.encoded.aws_iam_role.trusted': [at('"Encoded1"')],
      'module.heredoc.aws_iam_role.trusted': [at('"Heredoc1"')],
      'module.through_local.aws_iam_role.trusted': [at('"LocalHeredoc1"')],
      'module.typed.aws_iam_role.trusted': [at('"Typed1"')],
      'aws_iam_role.output_encoded': [`outputs/main.tf:${lineOf(outputs, '"OutputEncoded1"')}`],
      'aws_iam_role.output_heredoc': [`outputs/main.tf:${lineOf(outputs, '"OutputHeredoc1"')}`],
      'aws_iam_role.local_heredoc': [at('"LocalHeredoc1"')],
      'aws_iam_role.local_file': [`trust.json:${lineOf(file, '"File1"')}`],
    });
  });
});

describe('a value written in a branch of a conditional', () => {
  const main = `variable "strict" {
  default = false
}
locals {
  condition = var.strict ? { StringEquals = { "aws:SourceAccount" = "111122223333" } } : {
    StringLike = { "aws:SourceAccount" = "*" }
  }
}

resource "aws_iam_role" "inline" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Condition = var.strict ? {
        StringEquals = { "aws:SourceAccount" = "111122223333" }
        } : {
        StringLike = { "aws:SourceAccount" = "*" } # inline else
      }
    }]
  })
}
resource "aws_iam_role" "local" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" }, Condition = local.condition }]
  })
}
resource "aws_iam_role" "both_branches" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Condition = var.strict ? { StringLike = { "aws:SourceAccount" = "111122223333" } } : {
        StringLike = { "aws:SourceAccount" = "*" }
      }
    }]
  })
}
`;
  it('is located in the branch when the other does not write it, else at the conditional', async () => {
    const at = (marker: string, after = 0) => `main.tf:${lineOf(main, marker, after)}`;
    expect(linesOf(await scanTree({ 'main.tf': main }), 'trust-source-condition-ineffective')).toEqual({
      'aws_iam_role.inline': [at('# inline else')],
      'aws_iam_role.local': [at('StringLike = { "aws:SourceAccount" = "*" }')],
      // Both branches write StringLike: which one the value came from is not told by what is written.
      'aws_iam_role.both_branches': [at('Condition = var.strict', lineOf(main, '"both_branches"'))],
    });
  });
});

describe('a policy a map local writes as an entry of text', () => {
  const encoded = (sid: string) => `jsonencode({
      Version = "2012-10-17"
      Statement = [
        ${closed(`${sid}0`)},
        ${open(`${sid}1`)},
      ]
    })`;
  const main = `locals {
  docs = {
    a = ${encoded('EncodedA')}
    b = ${encoded('EncodedB')}
    heredoc = <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    ${closedJson('Heredoc0')},
    ${openJson('Heredoc1')}
  ]
}
JSON
  }
  built = { for name in ["x"] : name => jsonencode({ Version = "2012-10-17", Statement = [${open('Built')}] }) }
}

resource "aws_iam_role" "each" {
  for_each           = local.docs
  assume_role_policy = each.value
}
resource "aws_iam_role" "attribute" {
  assume_role_policy = local.docs.b
}
resource "aws_iam_role" "inline" {
  assume_role_policy = local.docs.a
  dynamic "inline_policy" {
    for_each = { grants = local.docs.a }
    content {
      name   = inline_policy.key
      policy = inline_policy.value
    }
  }
}
module "argument" {
  source     = "./text"
  trust_json = local.docs.b
}
data "aws_iam_policy_document" "included" {
  source_policy_documents = [local.docs.a]
}
resource "aws_iam_role" "included" {
  assume_role_policy = data.aws_iam_policy_document.included.json
}
resource "aws_iam_role" "built" {
  for_each           = local.built
  assume_role_policy = each.value
}
`;
  const text = `variable "trust_json" { type = string }
resource "aws_iam_role" "trusted" {
  assume_role_policy = var.trust_json
}
`;
  const at = (marker: string) => `main.tf:${lineOf(main, marker)}`;

  it('is located where the entry writes it: inside its jsonencode({...}) or its heredoc', async () => {
    const scanned = await scanTree({ 'main.tf': main, 'text/main.tf': text });
    expect(linesOf(scanned, 'trust-any-principal')).toEqual({
      'aws_iam_role.each["a"]': [at('"EncodedA1"')],
      'aws_iam_role.each["b"]': [at('"EncodedB1"')],
      'aws_iam_role.each["heredoc"]': [at('"Heredoc1"')],
      'aws_iam_role.attribute': [at('"EncodedB1"')],
      'aws_iam_role.inline': [at('"EncodedA1"')],
      'module.argument.aws_iam_role.trusted': [at('"EncodedB1"')],
      'aws_iam_role.included': [at('"EncodedA1"')],
      // Every entry of a map a for expression builds is its value expression.
      'aws_iam_role.built["x"]': [at('"Built"')],
    });
  });
});

describe('trust documents a local reads with a for expression over fileset(), included by a policy document data source', () => {
  const document = (statement: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement}\n  ]\n}\n`;
  const files = {
    'docs/closed.json': document('{ "Sid": "Closed", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": { "Service": "sagemaker.amazonaws.com" } }'),
    'docs/open.json': document('{ "Sid": "Open", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": { "AWS": "*" } }'),
  };
  const main = (read: string) => `locals {
  documents = [for f in fileset(path.module, "docs/*.json") : file("\${path.module}/\${f}")]
}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = ${read}
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;

  it('is located where its file writes it when the local is read whole, as when the for expression is written in the attribute', async () => {
    for (const read of ['local.documents', '[for f in fileset(path.module, "docs/*.json") : file("${path.module}/${f}")]']) {
      expect(linesOf(await scanTree({ ...files, 'main.tf': main(read) }), 'trust-any-principal')).toEqual({ 'aws_iam_role.r': ['docs/open.json:4'] });
    }
  });

  it('is located at the attribute when a function reorders the list (reverse): no element is read whole from the local', async () => {
    const written = main('reverse(local.documents)');
    expect(linesOf(await scanTree({ ...files, 'main.tf': written }), 'trust-any-principal')).toEqual({ 'aws_iam_role.r': [`main.tf:${lineOf(written, 'source_policy_documents')}`] });
  });
});
