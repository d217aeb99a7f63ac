import { MARK_START } from './value.js';

/**
 * The name a value gives an IAM role, user, group or policy (`arnResource`: `role`, `user`, ...): the value itself,
 * or the last part of an IAM ARN of that type (`arn:P:iam::A:role/path/name` → `name`) outside AWS's own account.
 * Undefined for any other ARN.
 */
export function iamNameOf(value: string, arnResource: string): string | undefined {
  if (!value.startsWith('arn:')) return value;
  const parts = value.split(':');
  if (parts.length < 6) return value;
  const resource = parts.slice(5).join(':');
  if (parts[2] !== 'iam' || parts[4] === 'aws' || !resource.startsWith(`${arnResource}/`)) return undefined;
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/**
 * The name a literal name or ARN of an IAM role, user or group (`arnResource`) gives it: undefined for an ARN of another
 * type, an empty name, or one holding a value not known.
 */
export function literalIamName(value: unknown, arnResource: string): string | undefined {
  const name = typeof value === 'string' ? iamNameOf(value, arnResource) : undefined;
  return name === undefined || name === '' || name.includes(MARK_START) ? undefined : name;
}

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function splitArn(text: string): ArnParts | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { partition: parts[1]!, service: parts[2]!, region: parts[3]!, account: parts[4]!, resource: parts.slice(5).join(':') };
}

export function joinArn(parts: ArnParts): string {
  return ['arn', parts.partition, parts.service, parts.region, parts.account, parts.resource].join(':');
}
