import { defineConfig } from 'vitest/config';

// One vitest project per workspace package; each takes its name from its package.json.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tools/*'],
    // CI=true makes a missing golden fail instead of being written.
    update: false,
  },
});
