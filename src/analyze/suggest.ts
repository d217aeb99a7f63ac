/** `; did you mean "x"?` for the one candidate the word begins or ends, or the closest within a third of its length in edits; else nothing. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const lower = word.toLowerCase();
  const extending = candidates.filter((candidate) => candidate.toLowerCase().startsWith(lower) || candidate.toLowerCase().endsWith(lower));
  if (word.length >= 4 && extending.length === 1) return `; did you mean "${extending[0]}"?`;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.ceil(word.length / 3)) ? `; did you mean "${best.candidate}"?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
