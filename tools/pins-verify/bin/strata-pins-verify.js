#!/usr/bin/env node
// Entry shim: plain JavaScript so an old Node gets a clear message before the TypeScript loads.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`strata-pins-verify needs Node.js >= 22.18 (this is ${process.version})\n`);
  process.exitCode = 3;
} else {
  const { main } = await import('../src/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
}
