// Bundles the compiled CLI (dist/src) into two CommonJS files under
// dist/bundle, for start-up speed: Node 20 loads one module per file, and
// every run would otherwise load about eighty; and a CommonJS entry skips
// the ES module loader's start-up. The worker thread's entry is bundled
// beside the main one (run/kinds.ts finds it next to itself).
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

mkdirSync('dist/bundle', { recursive: true });
// .js files here are CommonJS, whatever the package's "type" says.
writeFileSync('dist/bundle/package.json', '{ "type": "commonjs" }\n');

await build({
  entryPoints: {
    main: 'dist/src/cli/main.js',
    'replay-worker': 'dist/src/run/replay-worker.js',
  },
  outdir: 'dist/bundle',
  bundle: true,
  minifyWhitespace: true,
  minifySyntax: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // commander and seedrandom load on every run: bundled in. Packages loaded
  // only when needed (tables, charts, progress bars, quoted CSV, Redis) stay
  // outside, loaded from node_modules at that moment.
  external: ['@redis/client', 'chalk', 'cli-table3', 'csv-parse', 'asciichart', 'cli-progress'],
  // The sources find files next to themselves through import.meta.url.
  define: { 'import.meta.url': '__cachesimModuleUrl' },
  banner: { js: "const __cachesimModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
