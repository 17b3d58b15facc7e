// The UI's unit tests (test/*.test.ts): type-checked with the sources, bundled by esbuild (the sources are written for
// a browser bundler) into target/ui-tests, then run by node's own test runner. Run by Maven in the test phase
// (skipped with -DskipTests) and by `npm test`.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const moduleDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tests = join(moduleDir, 'test');
const out = join(moduleDir, 'target', 'ui-tests');

const tsc = spawnSync(process.execPath, [join(moduleDir, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(tests, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

rmSync(out, { recursive: true, force: true });
const entries = readdirSync(tests).filter((f) => f.endsWith('.test.ts')).map((f) => join(tests, f));
await esbuild.build({
  entryPoints: entries,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: ['node18'],
  outdir: out,
  outExtension: { '.js': '.mjs' },
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--test', ...entries.map((e) => join(out, e.slice(tests.length + 1).replace(/\.ts$/, '.mjs')))], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
