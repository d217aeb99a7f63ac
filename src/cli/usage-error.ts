/** A problem with how deputy was called: shown as one plain line, exit code 2. */
export class UsageError extends Error {}
