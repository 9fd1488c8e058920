/**
 * State names read straight from the text, without a new string per row: a table repeats a dozen
 * names tens of thousands of times, so each distinct name is sliced and resolved once, and later
 * rows find it by a hash of their characters.
 */
import type { StateIndex } from './states';

interface Entry {
  token: string;
  state: StateIndex;
}

export class TokenStates {
  private readonly byHash = new Map<number, Entry[]>();

  /** @param resolve the state of a name seen for the first time. */
  constructor(private readonly resolve: (token: string) => StateIndex) {}

  /** The state named by text[from, to). */
  lookup(text: string, from: number, to: number): StateIndex {
    let hash = to - from;
    for (let i = from; i < to; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
    const entries = this.byHash.get(hash);
    if (entries !== undefined) {
      for (const entry of entries) if (sameText(entry.token, text, from, to)) return entry.state;
    }
    const token = text.slice(from, to);
    const state = this.resolve(token);
    if (entries !== undefined) entries.push({ token, state });
    else this.byHash.set(hash, [{ token, state }]);
    return state;
  }
}

function sameText(token: string, text: string, from: number, to: number): boolean {
  if (token.length !== to - from) return false;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}
