// The layers of src/ (docs/architecture.md), read from the import graph.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cycles, importGraph } from './import-graph.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** Each folder and the folders it may import (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  policies: ['core'],
  trace: ['core'],
  admission: ['core', 'policies'],
  engine: ['core', 'policies', 'trace', 'admission'],
};

describe('the import graph of src/', () => {
  const graph = importGraph(SRC);

  it('has no cycles, type-only and dynamic imports included', () => {
    assert.deepEqual(cycles(graph), []);
  });

  it('keeps the ground layers to their own imports (engine: core, policies, trace only)', () => {
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const allowed = MAY_IMPORT[file.split('/')[0]!];
      if (!allowed) continue;
      for (const dep of deps) {
        const folder = dep.split('/')[0]!;
        if (folder !== file.split('/')[0] && !allowed.includes(folder)) wrong.push(`${file} → ${dep}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('has only src/cli import src/cli', () => {
    const wrong = [...graph].flatMap(([file, deps]) => (file.startsWith('cli/') ? [] : deps.filter((d) => d.startsWith('cli/')).map((d) => `${file} → ${d}`)));
    assert.deepEqual(wrong, []);
  });

  it('reads the real graph: the run layer is what reaches the strategy and cluster simulations', () => {
    assert.ok(graph.get('run/kinds.ts')!.includes('strategies/simulation.ts'), 'run/kinds.ts imports strategies/simulation.ts (dynamically)');
    assert.ok(graph.get('run/kinds.ts')!.includes('cluster/cluster-sim.ts'));
    assert.ok(graph.get('engine/replay.ts')!.includes('engine/simulation.ts'));
  });
});

describe('the cycle finder', () => {
  it('finds a cycle made of a type-only import and a dynamic one, and none once it is broken', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesim-graph-'));
    try {
      fs.mkdirSync(path.join(dir, 'x'));
      fs.writeFileSync(path.join(dir, 'x/a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
      fs.writeFileSync(path.join(dir, 'x/b.ts'), "export type B = number;\nexport async function load() { return import('../y/c.js'); }\n");
      fs.mkdirSync(path.join(dir, 'y'));
      fs.writeFileSync(path.join(dir, 'y/c.ts'), "// import { nothing } from '../x/b.js' is only a comment\nexport { type A } from '../x/a.js';\n");
      assert.deepEqual(cycles(importGraph(dir)), [['x/a.ts', 'x/b.ts', 'y/c.ts']]);
      fs.writeFileSync(path.join(dir, 'y/c.ts'), "// import { nothing } from '../x/a.js' is only a comment\nexport const c = 1;\n");
      assert.deepEqual(cycles(importGraph(dir)), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
