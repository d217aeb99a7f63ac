import { editDistance } from '../model/edit-distance.js';

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
