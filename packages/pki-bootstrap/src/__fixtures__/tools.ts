// The real-tool helpers live in @strata/core/tools, shared with the compiler and the CI checks.
export { run, tool } from '@strata/core/tools';
