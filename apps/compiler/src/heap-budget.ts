import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps a render thread's heap near what it really holds. V8 lets the heap of
 * a busy thread grow to several times its live size before a full collection
 * (measured: a live set of ~70 MB in a heap of ~300 MB after 1,000 clusters),
 * and that slack, not the data, is most of a long render's peak memory, once
 * per render thread. Between two clusters nothing of the last render is live:
 * when the old generation has grown {@link HEAP_SLACK_MB} past its size after
 * the last collection, collect now. Measured over 300 clusters: about one full
 * collection (~45 ms) every 12 clusters per thread, ~3% of the CPU. Peak RSS
 * of 1,000 clusters: one thread without it 442 MiB, with it 271 MiB; two
 * threads with 32 MB of slack 396 MiB, with 24 MB 373 MiB.
 */
export const HEAP_SLACK_MB = 24;

type Collect = () => void;

let collect: Collect | undefined | null = null;

/** The collector, exposed once for the process (`--expose-gc` reaches contexts made after it); undefined where V8 refuses. */
function collector(): Collect | undefined {
  if (collect !== null) return collect;
  try {
    const exposed = (globalThis as { gc?: unknown }).gc;
    if (typeof exposed === 'function') collect = exposed as Collect;
    else {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as unknown;
      // Back as it was: V8 stamps code caches with a hash of the flags, and one made under
      // --expose-gc would be turned down by every later process (code-cache.ts).
      setFlagsFromString('--no-expose-gc');
      collect = typeof gc === 'function' ? (gc as Collect) : undefined;
    }
  } catch {
    collect = undefined;
  }
  return collect;
}

/** Returns the check to call between two clusters; it collects when the heap outgrew its budget. */
export function heapBudget(slackMb = HEAP_SLACK_MB): () => void {
  let live = oldGenerationUsed();
  return () => {
    if (oldGenerationUsed() - live < slackMb * 1024 * 1024) return;
    // Made at the first need: a run that never outgrows its budget (one cluster, a few) makes no context for it.
    const gc = collector();
    if (gc === undefined) return;
    gc();
    live = oldGenerationUsed();
  };
}

/** The old generation: what the young one holds is mostly garbage of the last render, collected cheaply by V8 anyway. */
export function oldGenerationUsed(): number {
  return getHeapSpaceStatistics().reduce((sum, s) => (s.space_name.startsWith('new_') ? sum : sum + s.space_used_size), 0);
}
