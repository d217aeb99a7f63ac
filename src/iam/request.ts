/**
 * The request a policy is evaluated against. deputy never sees real requests: it builds *probes*
 * (src/iam/trust.ts) that stand for "any request of this shape", so every key is in one of three states.
 */
export interface RequestContext {
  /** Keys present in the request: lower-cased key -> values (one value for single-valued keys). */
  present: ReadonlyMap<string, readonly string[]>;
  /** Lower-cased keys known to be absent from the request. Keys in neither set are unknown to the analysis. */
  absent: ReadonlySet<string>;
  /** Lower-cased key prefixes known to be absent (`aws:principaltag/` covers every tag key). */
  absentPrefixes?: readonly string[];
  /**
   * The principal's tags (`aws:PrincipalTag/<key>`, lower-cased) its requests may carry with values deputy does not know,
   * whatever `present` and `absent` say: every key but those of `except` (a stack's tags, or the default tags a provider
   * takes from its environment, on a user beside those written; a role session's session tags, which add keys and
   * override the role's own). A Deny that may apply on such a key is an open answer.
   */
  principalTagsNotKnown?: { readonly except: ReadonlySet<string> };
  /**
   * Account ids that stand for "another account" in this probe. The owner's account marker
   * (OWNER_ACCOUNT) is known to differ from each of them.
   */
  foreignAccounts: ReadonlySet<string>;
  /**
   * Foreign accounts the caller chose (a stranger's, `foreignAccountsFor`): each stands for any account the policy does
   * not write out. A value the policy leaves unknown (known only after apply, a parameter without default, a whole
   * list) is some finite set of strings; a stranger picks an account none of them names, so a comparison without
   * wildcards of such a value with a request value holding one of these accounts is false (`StringNotEquals` passes).
   */
  strangerAccounts?: ReadonlySet<string>;
  /**
   * The request's region, a symbol (OWNER_REGION or OTHER_REGION), and regions written out (lower-cased) it is known to
   * differ from: a request asked about in each region the Denies name, and in one they do not.
   */
  regionApart?: RegionApart;
  /**
   * The account id the owner's account marker (OWNER_ACCOUNT) stands for, where the input tells it: a value written
   * without markers (a pattern such as `49*`) is compared with it (src/iam/match.ts), as IAM compares the account.
   */
  ownerAccount?: string;
  /**
   * The partition the owner's partition marker (OWNER_PARTITION) stands for, where the input tells it (the partition of
   * the role's region, `partitionOfRegion`): a partition written out (`arn:aws:...`) is compared with it, as the account is.
   */
  ownerPartition?: string;
}

export interface RegionApart {
  readonly region: string;
  readonly from: ReadonlySet<string>;
}

/**
 * The keys, lower-cased, that IAM puts in the context of every request an identity policy is asked about (the IAM
 * global condition keys reference: "This key is always included in the request context"): a condition can never find
 * one of them missing.
 */
export const KEYS_OF_EVERY_REQUEST: ReadonlySet<string> = new Set([
  'aws:currenttime',
  'aws:epochtime',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalisawsservice',
  'aws:principaltype',
  'aws:requestedregion',
  'aws:securetransport',
  'aws:userid',
  'aws:viaawsservice',
]);

/** How long the request's time keys hold one value, in milliseconds: aws:CurrentTime and aws:EpochTime tell seconds apart. */
export const SECOND = 1000;

/**
 * The earliest time of a request a check before deployment asks about, from the scan's instant `now`: the start of the
 * second after the scan's own, which is past by the time the template is deployed.
 */
export function firstRequestTime(now: number): number {
  return Math.floor(now / SECOND) * SECOND + SECOND;
}

/** Keys, lower-cased, that hold the time of the request (ISO 8601 and epoch seconds). */
export const TIME_KEYS: readonly string[] = ['aws:currenttime', 'aws:epochtime'];

/**
 * A request's time as the keys (lower-cased) hold it: aws:CurrentTime in ISO 8601 to the second (`currentTimeText`),
 * aws:EpochTime in whole seconds.
 */
export function timeKeys(time: number): Record<string, string[]> {
  return { 'aws:currenttime': [currentTimeText(time)], 'aws:epochtime': [String(Math.floor(time / SECOND))] };
}

/**
 * The text of aws:CurrentTime at a time, as IAM writes it in a request's context: ISO 8601 in UTC to the second
 * (`2026-12-07T12:00:00Z`), which a String operator on the key compares as text.
 */
export function currentTimeText(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The context of a request made at `time`, its time keys holding it (`timeKeys`); one object per context and time. */
export function madeAt(context: RequestContext, time: number): RequestContext {
  return Object.entries(timeKeys(time)).reduce((made, [key, [value]]) => withKeyValue(made, key, value!), context);
}

/**
 * One set for every request without foreign accounts: matching remembers its results per set of foreign accounts
 * (src/iam/match.ts), and finds them again for the same set object.
 */
const NO_FOREIGN_ACCOUNTS: ReadonlySet<string> = new Set();

export function requestContext(
  present: Record<string, string | readonly string[]>,
  absent: Iterable<string> = [],
  foreignAccounts: Iterable<string> = [],
  absentPrefixes: readonly string[] = [],
  strangerAccounts: readonly string[] = [],
): RequestContext {
  const map = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(present)) map.set(key.toLowerCase(), typeof value === 'string' ? [value] : value);
  const absentKeys = new Set<string>();
  for (const key of absent) absentKeys.add(key.toLowerCase());
  let foreign: Set<string> | undefined;
  for (const account of foreignAccounts) (foreign ??= new Set()).add(account);
  return { present: map, absent: absentKeys, absentPrefixes, foreignAccounts: foreign ?? NO_FOREIGN_ACCOUNTS, ...(strangerAccounts.length > 0 ? { strangerAccounts: new Set(strangerAccounts) } : {}) };
}

/** Contexts derived from others (`derivedContext`): for each context, by an id of what was changed. */
export type DerivedContexts = WeakMap<RequestContext, Map<string, RequestContext>>;

/**
 * The context `derive` makes of `context`, one object per context and `id` (what `derive` changes), kept in `cache`:
 * matching and conditions remember their answers by the context object, and find them again only for the same one.
 */
export function derivedContext(cache: DerivedContexts, context: RequestContext, id: string, derive: (context: RequestContext) => RequestContext): RequestContext {
  let byId = cache.get(context);
  if (!byId) cache.set(context, (byId = new Map()));
  let derived = byId.get(id);
  if (!derived) byId.set(id, (derived = derive(context)));
  return derived;
}

/**
 * The context holding `value` alone for `key` (lower-cased), which it no longer finds absent; one object per context,
 * key and value (`derivedContext`).
 */
export function withKeyValue(context: RequestContext, key: string, value: string): RequestContext {
  return derivedContext(contextsWithKeyValue, context, `${key}\u0000${value}`, (base) => {
    const absent = base.absent.has(key) ? new Set([...base.absent].filter((absentKey) => absentKey !== key)) : base.absent;
    return { ...base, present: new Map([...base.present, [key, [value]]]), absent };
  });
}

const contextsWithKeyValue: DerivedContexts = new WeakMap();

/** The context without `keys` (lower-cased), which it finds absent; one object per context and keys (`derivedContext`). */
export function withKeysAbsent(context: RequestContext, keys: readonly string[]): RequestContext {
  return derivedContext(contextsWithKeysAbsent, context, keys.join('\u0000'), (base) => {
    const present = new Map(base.present);
    const absent = new Set(base.absent);
    for (const key of keys) {
      present.delete(key);
      absent.add(key);
    }
    return { ...base, present, absent };
  });
}

const contextsWithKeysAbsent: DerivedContexts = new WeakMap();

/**
 * The context as a request in the partition `partition`, which the owner's partition marker then stands for
 * (`ownerPartition`); one object per context and partition (`derivedContext`).
 */
export function withOwnerPartition(context: RequestContext, partition: string): RequestContext {
  return derivedContext(contextsInOwnerPartition, context, partition, (base) => ({ ...base, ownerPartition: partition }));
}

const contextsInOwnerPartition: DerivedContexts = new WeakMap();

/**
 * The context as a request where the owner's account is `account`, which the owner's account marker then stands for
 * (`ownerAccount`); one object per context and account (`derivedContext`).
 */
export function withOwnerAccount(context: RequestContext, account: string): RequestContext {
  return derivedContext(contextsInOwnerAccount, context, account, (base) => ({ ...base, ownerAccount: account }));
}

const contextsInOwnerAccount: DerivedContexts = new WeakMap();
