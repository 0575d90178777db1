import { describe, expect, it, vi } from 'vitest';
import { needShared, REQUIRE_VARIABLE, SHARED_DIR, sharedResource } from './shared.ts';

describe('sharedResource', () => {
  it('looks beside the repository, in ../shared', () => {
    expect(SHARED_DIR.endsWith('/shared')).toBe(true);
    expect(sharedResource('reference/charts', { env: {} }).path).toBe(`${SHARED_DIR}/reference/charts`);
  });

  it('skips the tests that need an absent resource, saying why on stderr', () => {
    const log = vi.fn();
    const r = sharedResource('no/such/tool', { env: {}, log });
    expect(r).toMatchObject({ present: false, skip: true });
    expect(r.reason).toBe(`${SHARED_DIR}/no/such/tool is absent (a clone outside the project's machines has no ../shared); set ${REQUIRE_VARIABLE}=1 to fail instead of skipping`);
    expect(log).toHaveBeenCalledWith(`skipping the tests that need no/such/tool: ${r.reason}\n`);
    const ctx = { skip: vi.fn(() => { throw new Error('skipped'); }) };
    expect(() => needShared(ctx, r)).toThrow('skipped');
    expect(ctx.skip).toHaveBeenCalledWith(r.reason);
  });

  it(`fails instead when ${REQUIRE_VARIABLE}=1`, () => {
    const r = sharedResource('no/such/other', { env: { [REQUIRE_VARIABLE]: '1' } });
    expect(r.skip).toBe(false);
    const ctx = { skip: vi.fn() };
    expect(() => needShared(ctx, r)).toThrow(`${SHARED_DIR}/no/such/other is absent (a clone outside the project's machines has no ../shared), and ${REQUIRE_VARIABLE}=1 requires it`);
    expect(ctx.skip).not.toHaveBeenCalled();
  });
});
