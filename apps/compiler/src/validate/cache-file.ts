// Where the validate cache lives, in a module of its own: the bench and main.ts name it
// without loading the cache code.
export const VALIDATE_CACHE_FILE = 'node_modules/.cache/strata/validate.json';
