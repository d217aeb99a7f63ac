/** Orders strings the same way on every machine: by UTF-16 code units, as `<` does, never by the locale's collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
