// Test support for this package and for the compiler's pki commands
// (`@strata/pki-bootstrap/testing`): the Cilium stand-in that declares the
// dataplane fact, and the real tools (openssl, nix-instantiate, cfssl).
export { CILIUM_FIELDS, ciliumStub } from './cilium-stub.ts';
export { run, tool } from './tools.ts';
