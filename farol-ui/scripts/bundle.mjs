// Bundles the UI into OUT_DIR (argument 1; the Maven build passes target/classes/dev/farol/ui/static):
//   index.html             the page, naming the hashed assets (served with Cache-Control: no-cache)
//   favicon.svg
//   assets/NAME-HASH.js    entry and lazily loaded chunks, content-hashed (served as immutable)
//   assets/NAME-HASH.css
//   X.gz, X.br             each text file pre-compressed (gzip level 9, brotli quality 11), kept when smaller
// and OUT_DIR/../ui-files.json, the list of files and their variants that the server loads.
// Before bundling, the sources are checked for the DOM calls that would render text as HTML.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const moduleDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(moduleDir, 'src');
const out = resolve(process.argv[2] ?? join(moduleDir, 'target/classes/dev/farol/ui/static'));
const TEXT = /\.(html|js|css|svg|json|map|txt|md)$/;
// Farol's documents the UI shows (the docs screen; a finding's docs link): copied from the repository's docs/
const DOCUMENTS = ['doctor.md'];

// Everything rendered is attacker data (span names, attributes, log lines): no path from text to HTML.
const FORBIDDEN = /dangerouslySetInnerHTML|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/;
for (const file of walk(src).filter((f) => /\.(ts|tsx)$/.test(f))) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (FORBIDDEN.test(line)) {
      fail(`${relative(moduleDir, file)}:${i + 1}: renders text as HTML or runs text as code (${line.trim()}); `
        + 'render text through JSX, which escapes it');
    }
  });
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await esbuild.build({
  absWorkingDir: moduleDir,
  entryPoints: { main: 'src/main.tsx', app: 'src/styles/app.css' },
  bundle: true,
  splitting: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs);
const entry = (name, ext) => {
  const found = outputs.find(([file, o]) => o.entryPoint && file.endsWith(ext) && file.includes(`/${name}-`));
  if (!found) fail(`esbuild wrote no ${name}${ext}`);
  return '/' + relative(out, resolve(moduleDir, found[0])).split('\\').join('/');
};
const html = readFileSync(join(src, 'index.html'), 'utf8')
  .replace('{{js}}', entry('main', '.js'))
  .replace('{{css}}', entry('app', '.css'));
writeFileSync(join(out, 'index.html'), html);
writeFileSync(join(out, 'favicon.svg'), readFileSync(join(src, 'favicon.svg')));
mkdirSync(join(out, 'docs'), { recursive: true });
for (const doc of DOCUMENTS) {
  writeFileSync(join(out, 'docs', doc), readFileSync(join(moduleDir, '..', 'docs', doc)));
}

const files = [];
let raw = 0;
let brotli = 0;
for (const file of walk(out).sort()) {
  const path = relative(out, file).split('\\').join('/');
  const bytes = readFileSync(file);
  const entry = { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('base64url'), encodings: [] };
  if (TEXT.test(path)) {
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    const gz = gzipSync(bytes, { level: 9 });
    if (br.length < bytes.length) {
      writeFileSync(file + '.br', br);
      entry.encodings.push('br');
    }
    if (gz.length < bytes.length) {
      writeFileSync(file + '.gz', gz);
      entry.encodings.push('gzip');
    }
    brotli += Math.min(br.length, bytes.length);
  }
  raw += bytes.length;
  files.push(entry);
}
writeFileSync(join(out, '..', 'ui-files.json'), JSON.stringify({ files }, null, 1) + '\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`farol-ui: ${files.length} files, ${kb(raw)} (${kb(brotli)} with brotli) in ${relative(process.cwd(), out) || '.'}`);
for (const f of files) console.log(`  ${f.path}  ${kb(f.bytes)}`);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function fail(message) {
  console.error(`farol-ui: ${message}`);
  process.exit(1);
}
