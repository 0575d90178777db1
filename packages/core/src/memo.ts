/**
 * A memo of a pure function on an exact key, holding at most `limit` entries
 * (the least recently used goes first): a fleet renders thousands of clusters
 * in one process, and most of them share a few keys, but a fleet of distinct
 * ones must not grow it without bound.
 *
 * The key must capture every input that affects the value, and callers must
 * treat a value as immutable: it is shared by every caller with that key.
 */
export class BoundedMemo<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #limit: number;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`a memo holds at least one entry, not ${limit}`);
    this.#limit = limit;
  }

  /** The value kept for `key`, or `compute()`'s, kept for next time. */
  get(key: K, compute: () => V): V {
    const entries = this.#entries;
    if (entries.has(key)) {
      const hit = entries.get(key) as V;
      // Most recently used last, so eviction takes the first.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = compute();
    if (entries.size >= this.#limit) entries.delete(entries.keys().next().value as K);
    entries.set(key, value);
    return value;
  }

  /** How many entries it holds. */
  get size(): number {
    return this.#entries.size;
  }
}
