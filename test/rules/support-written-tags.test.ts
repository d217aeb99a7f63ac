import { describe, expect, it } from 'vitest';
import { writtenTags } from '../../rules/support.js';
import type { Resource } from '../../src/model/resource.js';
import { Unresolved, hasMarker, type Value } from '../../src/model/value.js';
import { parseTree, resource } from '../parsers/terraform/helpers.js';

/** The tags `writtenTags` reads of `aws_iam_user.<name>` of a configuration: plain values as written, `?` for one not known. */
async function configurationTags(tf: string, name = 'u'): Promise<{ tags: Record<string, string>; all: boolean }> {
  const parsed = await parseTree({ 'main.tf': tf });
  expect(parsed.errors).toEqual([]);
  return shown(writtenTags(resource(parsed, `aws_iam_user.${name}`)));
}

function shown({ tags, all }: ReturnType<typeof writtenTags>): { tags: Record<string, string>; all: boolean } {
  return { tags: Object.fromEntries([...tags].map(([key, value]) => [key, hasMarker(value) ? '?' : value])), all };
}

const principal = (format: Resource['format'], properties: Value): Resource => ({ address: 'p', format, properties }) as unknown as Resource;

const tagging = (tags: string) => `provider "aws" {\n  default_tags {\n    tags = ${tags}\n  }\n}\n`;
const user = (name: string, tags?: string) => `resource "aws_iam_user" "${name}" {\n  name = "${name}"\n${tags === undefined ? '' : `  tags = ${tags}\n`}}\n`;

describe('writtenTags: a configuration’s tags over its provider’s default_tags', () => {
  it('holds the default tags under the resource’s own, which override them key by key', async () => {
    const tf = tagging('{ team = "ml", env = "prod" }') + user('alice') + user('bob', '{ team = "data" }');
    expect(await configurationTags(tf, 'alice')).toEqual({ tags: { team: 'ml', env: 'prod' }, all: false });
    expect(await configurationTags(tf, 'bob')).toEqual({ tags: { team: 'data', env: 'prod' }, all: false });
  });

  it('keeps a default value not known as one, and the resource’s own over it', async () => {
    const tf = `variable "team" {}\n${tagging('{ team = var.team }')}`;
    expect(await configurationTags(tf + user('u'))).toEqual({ tags: { team: '?' }, all: false });
    expect(await configurationTags(tf + user('u', '{ team = "data" }'))).toEqual({ tags: { team: 'data' }, all: false });
  });

  it('adds no default where the resource’s own tags may hold any key: a map not known, or a key not known', async () => {
    const defaults = tagging('{ team = "ml" }');
    expect(await configurationTags(`variable "tags" {}\n${defaults}${user('u', 'var.tags')}`)).toEqual({ tags: {}, all: false });
    expect(await configurationTags(`variable "key" {}\n${defaults}${user('u', '{ (var.key) = "data", env = "prod" }')}`)).toEqual({ tags: { env: 'prod' }, all: false });
  });

  it('leaves out the keys the provider ignores, own or default, as it matches them: AWS holds those', async () => {
    const ignoring = (block: string) => `provider "aws" {\n  default_tags {\n    tags = { team = "ml", env = "prod" }\n  }\n  ignore_tags {\n${block}  }\n}\n`;
    const tagged = user('u', '{ team = "data", Team2 = "x", owner = "bob" }');
    expect(await configurationTags(ignoring('    keys = ["team"]\n') + tagged)).toEqual({ tags: { env: 'prod', team2: 'x', owner: 'bob' }, all: false });
    expect(await configurationTags(ignoring('    key_prefixes = ["Team", "e"]\n') + tagged)).toEqual({ tags: { team: 'data', owner: 'bob' }, all: false });
    // Which it ignores not known: any of them.
    expect(await configurationTags(`variable "keys" {}\n${ignoring('    keys = var.keys\n')}${tagged}`)).toEqual({ tags: {}, all: false });
  });

  it('reads none of a provider configuration the input does not write', async () => {
    expect(await configurationTags(user('u', '{ env = "prod" }'))).toEqual({ tags: { env: 'prod' }, all: false });
  });

  it('leaves a key written in two cases not known: IAM holds one key for both', async () => {
    // The provider merges keys as written, so tags_all holds both `team` and `Team`, which IAM reads as one key.
    expect(await configurationTags(tagging('{ team = "ml" }') + user('u', '{ Team = "data" }'))).toEqual({ tags: { team: '?' }, all: false });
    expect(await configurationTags(user('u', '{ team = "data", Team = "ml" }'))).toEqual({ tags: { team: '?' }, all: false });
    // Written once, in any case, it is the key of the lower-cased name.
    expect(await configurationTags(user('u', '{ Team = "ml" }'))).toEqual({ tags: { team: 'ml' }, all: false });
  });
});

describe('writtenTags: a template’s Tags and a plan’s tags_all', () => {
  it('reads a template’s list, a key in two cases not known', () => {
    const tags = (entries: Array<[string, string]>) => ({ Tags: entries.map(([Key, TagValue]) => ({ Key, Value: TagValue })) });
    expect(shown(writtenTags(principal('cloudformation', tags([['Team', 'ml']]))))).toEqual({ tags: { team: 'ml' }, all: false });
    expect(shown(writtenTags(principal('cloudformation', tags([['team', 'data'], ['Team', 'ml']]))))).toEqual({ tags: { team: '?' }, all: false });
    expect(shown(writtenTags(principal('cloudformation', { Tags: new Unresolved('a parameter') })))).toEqual({ tags: {}, all: false });
  });

  it('reads a plan’s tags_all as every tag, else its own tags where tags_all is not known', () => {
    expect(shown(writtenTags(principal('terraform-plan', { tags: null, tags_all: { team: 'ml' } })))).toEqual({ tags: { team: 'ml' }, all: true });
    expect(shown(writtenTags(principal('terraform-plan', { tags: { Team: 'data' }, tags_all: { Team: 'data', team: 'ml' } })))).toEqual({ tags: { team: '?' }, all: true });
    expect(shown(writtenTags(principal('terraform-plan', { tags: { team: 'data' }, tags_all: new Unresolved('known after apply') })))).toEqual({ tags: { team: 'data' }, all: false });
    // A provider that ignores keys leaves them out of tags_all: AWS may hold them, so tags_all is not all.
    const ignoring = { ...principal('terraform-plan', { tags: { team: 'data', owner: 'bob' }, tags_all: { owner: 'bob' } }), providerIgnoredTags: { keys: ['team'], keyPrefixes: [] } };
    expect(shown(writtenTags(ignoring))).toEqual({ tags: { owner: 'bob' }, all: false });
  });
});
