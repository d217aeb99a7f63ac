/**
 * Things that share a name, by the module instance each is in: IAM names are unique within an account only, and a
 * configuration that calls one module per account declares the same names in each.
 */
export class SameNamed<T> {
  private readonly byModule = new Map<string, T[]>();
  /** The module prefixes, sorted once asked for: those below a module are a range of them. */
  private sorted?: string[];

  /** `prefix`: the module instance the item is in, as an address writes it (`module.a["k"].`, empty in the root). */
  add(prefix: string, item: T): void {
    const inModule = this.byModule.get(prefix);
    if (inModule) inModule.push(item);
    else this.byModule.set(prefix, [item]);
    this.sorted = undefined;
  }

  /**
   * The one a reference from the module instance `prefix` means: the one in that instance, else the only one below it (a
   * module it calls); none when several are, or none is. One above it is not taken: a module called per account may
   * name its own account's role, which the plan or the configuration need not hold.
   */
  nearest(prefix: string, accept?: (item: T) => boolean): T | undefined {
    if (accept) return this.nearestAccepted(prefix, accept);
    const inModule = this.byModule.get(prefix);
    if (inModule) return inModule.length === 1 ? inModule[0] : undefined;
    const sorted = (this.sorted ??= [...this.byModule.keys()].sort());
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    const first = sorted[low];
    if (first === undefined || !first.startsWith(prefix)) return undefined;
    const next = sorted[low + 1];
    const inFirst = this.byModule.get(first)!;
    return inFirst.length === 1 && (next === undefined || !next.startsWith(prefix)) ? inFirst[0] : undefined;
  }
  /** `nearest` among the items `accept` takes (those in the account a value names: `mayNameInAccountOf`). */
  private nearestAccepted(prefix: string, accept: (item: T) => boolean): T | undefined {
    const inModule = this.byModule.get(prefix)?.filter(accept) ?? [];
    if (inModule.length > 0) return inModule.length === 1 ? inModule[0] : undefined;
    const below = [...this.byModule].flatMap(([module, items]) => (module.startsWith(prefix) ? items.filter(accept) : []));
    return below.length === 1 ? below[0] : undefined;
  }
}

/** The module instance an address is in, as written before the resource (`module.a["k"].`; empty in the root module). */
export function modulePrefix(address: string): string {
  return MODULE_PREFIX.exec(address)![0];
}

const MODULE_PREFIX = /^(?:module\.[\w-]+(?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\.)*/;
