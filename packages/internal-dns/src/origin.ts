import { type BlockContext, installsRelease, type RenderedObjectRef } from '@strata/core';
import { RELEASE } from './address.ts';
import { BLOCK_PATH } from './metadata.ts';
import type { InternalDnsBlock } from './schema.ts';

/** The spec entry an internal-DNS object comes from: the k8s-gateway install is the block itself. */
export function internalDnsOrigin(_ctx: BlockContext<InternalDnsBlock>, object: RenderedObjectRef): (string | number)[] | undefined {
  return installsRelease(object, RELEASE) ? [...BLOCK_PATH] : undefined;
}
