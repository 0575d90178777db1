/**
 * Keeps a thread's heap near what it really holds. Left to itself, V8 lets the
 * old generation of a busy thread grow to up to four times what its last full
 * collection found live before it collects again (measured: a live set of
 * ~70 MB in a heap of ~300 MB after 1,000 clusters), and that slack, not the
 * data, is most of a long run's peak memory, once per thread. strata sets V8's
 * heap growing factor to 1 + {@link HEAP_GROWING_PERCENT}/100 for the whole
 * process, its worker threads included: V8 then starts a collection, marking
 * concurrently, once the old generation outgrew its live size by half.
 *
 * It replaced a forced full collection between two clusters (`gc()` once the
 * old generation had grown 24 MB). At that moment nothing of the last cluster
 * was live, so the shapes of its objects died too, and V8 threw away the
 * optimized code built on them and compiled it again: 350 deoptimizations
 * ("embedded weak objects cleared") over 1,000 clusters in one thread, against
 * 48 now, and 3.6 s of optimizing compiles against 2.3 s. A render of 1,000
 * clusters into an empty tree (two threads, 6 pairs): 10% less wall time and
 * 8% less CPU, peak 336 MB against 306 MB.
 */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';

/**
 * Sets the heap growing factor for the process. The owner of the process (the
 * bin, the bench) calls it first, before any code is read from a cache: V8
 * stamps code caches with a hash of its flags, so every cache of a run must be
 * made and read under the same ones (code-cache.ts names its files after that
 * hash). A factor given on the command line is left as it is.
 */
export function boundHeapGrowth(): void {
  if (process.execArgv.some((a) => a === FLAG || a.startsWith(`${FLAG}=`))) return;
  process.getBuiltinModule('node:v8').setFlagsFromString(`${FLAG}=${HEAP_GROWING_PERCENT}`);
}
