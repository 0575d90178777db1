/** A Secret as `rendered/<cluster>/index.json` records it (names and keys, never values). */
export interface IndexSecret {
  readonly namespace: string;
  readonly name: string;
  readonly keys: readonly string[];
  readonly state: string;
  readonly readers: readonly string[];
}

/** The `secrets` of an index.json text; none when the text is absent, not JSON, or from before the inventory. */
export function secretsOfIndex(text: string | undefined): IndexSecret[] {
  if (text === undefined) return [];
  try {
    const index = JSON.parse(text) as { secrets?: IndexSecret[] };
    return Array.isArray(index.secrets) ? index.secrets : [];
  } catch {
    return [];
  }
}

function describe(s: IndexSecret): string {
  return `Secret requirement ${s.namespace}/${s.name} (keys: ${s.keys.join(', ')}; ${s.state}${s.readers.length === 0 ? '' : `; read by ${[...new Set(s.readers)].join(', ')}`})`;
}

/**
 * What changed in a cluster's Secret inventory, one line each in the object
 * diff's notation: `+` a new Secret the cluster needs, `-` one it no longer
 * needs, `~` changed keys, state or readers.
 */
export function diffSecrets(before: readonly IndexSecret[], after: readonly IndexSecret[]): string[] {
  const id = (s: IndexSecret) => `${s.namespace}/${s.name}`;
  const old = new Map(before.map((s) => [id(s), s]));
  const now = new Map(after.map((s) => [id(s), s]));
  const lines: string[] = [];
  for (const s of after) {
    const was = old.get(id(s));
    if (was === undefined) {
      lines.push(`+ ${describe(s)}`);
      continue;
    }
    const list = (v: readonly string[]) => [...new Set(v)].join(', ');
    if (list(was.keys) !== list(s.keys)) lines.push(`~ Secret requirement ${id(s)} keys: ${list(was.keys)} → ${list(s.keys)}`);
    if (was.state !== s.state) lines.push(`~ Secret requirement ${id(s)} state: ${was.state} → ${s.state}`);
    if (list(was.readers) !== list(s.readers)) lines.push(`~ Secret requirement ${id(s)} read by: ${list(was.readers)} → ${list(s.readers)}`);
  }
  for (const s of before) if (!now.has(id(s))) lines.push(`- ${describe(s)}`);
  return lines;
}
