import { fileURLToPath } from 'node:url';
import { main as strata } from '@strata/compiler';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** `strata pins --json` of this repository, run in-process (what the pins workflow feeds the verifier). */
export async function committedPins(): Promise<{ code: number; json: string }> {
  let json = '';
  const io = { stdout: { write: (t: string) => (json += t) }, stderr: { write: () => true }, env: { NO_COLOR: '1' }, cwd: REPO };
  const code = await strata(['pins', '--json'], io);
  return { code, json };
}
