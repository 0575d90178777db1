/** A container image pinned by tag and, where known, by digest (kept in a component's pins.ts). */
export interface ImagePin {
  /** Registry and repository, without tag. */
  readonly repository: string;
  /** Exact release tag. */
  readonly tag: string;
  /** `sha256:…` digest of the tag's image index: what the node pulls. */
  readonly digest?: string;
  /** Why `digest` is absent; required then, so a weaker pin is never silent. */
  readonly digestPending?: string;
  /** Where the tag and digest come from. */
  readonly source: string;
}

/** The image reference a Pod names: `repo:tag@sha256:…` when the digest is known, else `repo:tag`. */
export function imageRef(pin: ImagePin): string {
  return `${pin.repository}:${pin.tag}${pin.digest === undefined ? '' : `@${pin.digest}`}`;
}
