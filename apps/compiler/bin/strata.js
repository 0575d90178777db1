#!/usr/bin/env node
// Entry shim: plain JavaScript so it can refuse an old Node with a clear message
// before loading the TypeScript sources (run through Node's type stripping).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `strata needs Node.js >= 22.18 (this is ${process.version}); run \`nvm use\` (the repo's .nvmrc says 24).\n`,
  );
  process.exitCode = 2;
} else {
  const { main } = await import('../src/main.ts');
  await main(process.argv.slice(2));
}
