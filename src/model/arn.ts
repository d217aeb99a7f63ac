import { Unresolved, hasMarker, type Value } from './value.js';

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
 * What a policy attachment's value naming an IAM role, user or group (`arnResource`) that no resource was found to be
 * tells of it: its literal name, or nothing more than that it is one (`{}`, a value not known); undefined for an ARN of
 * another type or an empty name.
 */
export function attachedIamName(value: Value, arnResource: string): { name?: string } | undefined {
  if (value instanceof Unresolved) return {};
  if (typeof value !== 'string') return undefined;
  const name = iamNameOf(value, arnResource);
  if (name === undefined || name === '') return undefined;
  return hasMarker(name) ? {} : { name };
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
