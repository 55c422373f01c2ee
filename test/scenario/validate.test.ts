import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers.js';
import { compareOutputs, itemLabels } from '../../src/scenario/compare.js';
import { fieldInMessage, parseScenario, type ScenarioCommands } from '../../src/scenario/scenario.js';
import type { ScenarioOutput } from '../../src/scenario/execute.js';

const WORKLOAD = { dist: 'zipf', keys: 1000, requests: 5000, seed: 1 };

/** Write a scenario (object or raw text) and run `scenario run` on it. */
let dir: string | undefined;
let count = 0;
function tryScenario(content: unknown): { code: number; stderr: string; file: string } {
  dir ??= tempDir();
  const file = path.join(dir, `bad-${++count}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  const r = cli(['scenario', 'run', file]);
  return { code: r.code, stderr: r.stderr, file };
}

function scenario(runs: unknown[], top: Record<string, unknown> = { workload: WORKLOAD }): Record<string, unknown> {
  return { name: 'x', description: 'why it matters', ...top, runs };
}

describe('scenario files: every problem names the file and the field, on one line', () => {
  const cases: [string, unknown, number, string][] = [
    ['a bad capacity (the run command\'s own check)', scenario([{ policy: 'lru' }, { policy: 'lru', capacity: 'abc' }]), 2, 'runs[1].capacity: capacity "abc" is not valid'],
    ['an unknown policy', scenario([{ policy: ['lru', 'lruu'] }]), 2, 'runs[0].policy: unknown policy "lruu"'],
    ['a misspelt option, with a suggestion', scenario([{ polcy: 'lru' }]), 2, 'runs[0].polcy: not an option of cachesim run: valid options are policy, capacity'],
    ['an option value run refuses, by its flag', scenario([{ onWrite: 'maybe' }]), 2, 'runs[0].onWrite: --on-write "maybe" is not one of update, invalidate'],
    ['a parameter no chosen policy has', scenario([{ policy: 'lru', param: { samples: 3 } }]), 2, 'runs[0].param: --param samples'],
    ['a trace inside a run', scenario([{ trace: 'x.csv' }]), 2, 'runs[0].trace: the workload and trace belong to the whole scenario'],
    ['a negative tolerance', scenario([{ tolerance: { hitRatio: -1 } }]), 2, 'runs[0].tolerance.hitRatio: -1 is not an allowed drift'],
    ['a scenario-wide tolerance that is not a number or share', scenario([{}], { workload: WORKLOAD, tolerance: { hitRatio: 'a bit' } }), 2, 'tolerance.hitRatio: "a bit" is not an allowed drift'],
    ['an unknown command', scenario([{ command: 'sizee' }]), 2, 'runs[0].command: "sizee" is not a command scenarios can run here'],
    ['an empty list', scenario([{ capacity: [] }]), 2, 'runs[0].capacity: [] is not an option value'],
    ['two runs with one name', scenario([{ name: 'a' }, { name: 'a' }]), 2, 'runs[1].name: "a" names another run too'],
    ['a bad workload field', scenario([{}], { workload: { ...WORKLOAD, alpha: 0 } }), 2, 'workload.alpha: alpha must be above 0'],
    ['an unknown workload field', scenario([{}], { workload: { ...WORKLOAD, alfa: 1 } }), 2, 'workload.alfa: unknown workload field "alfa"'],
    ['a workload without its seed', scenario([{}], { workload: { dist: 'zipf' } }), 2, 'workload.seed: write the workload\'s seed down'],
    ['both a workload and a trace', scenario([{}], { workload: WORKLOAD, trace: 'traces/zipf.csv' }), 2, 'trace: give a workload or a trace, not both'],
    ['neither a workload nor a trace', scenario([{}], {}), 2, 'runs[0]: cachesim run replays a workload: add "workload"'],
    ['a missing trace file', scenario([{}], { trace: 'nope.csv' }), 1, 'trace: trace "nope.csv": no such file'],
    ['a bad trace column mapping', scenario([{}], { trace: 'traces/zipf.csv', columns: 'kee=1' }), 2, 'columns: --columns: unknown field "kee"'],
    ['trace options without a trace', scenario([{}], { workload: WORKLOAD, timeUnit: 'ms' }), 2, 'timeUnit: describes how to read a trace'],
    ['no description', { name: 'x', workload: WORKLOAD, runs: [{}] }, 2, 'description: a paragraph'],
    ['no runs', scenario([]), 2, 'runs: a list of at least one run'],
    ['an unknown top-level field', { ...scenario([{}]), extra: 1 }, 2, 'extra: unknown field'],
    ['broken JSON, with a line and column', '{\n  "name": "x",\n  "runs": [ {} ],\n}', 2, 'not valid JSON: '],
  ];
  for (const [what, content, code, expected] of cases) {
    it(what, () => {
      const r = tryScenario(content);
      assert.equal(r.code, code, r.stderr);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.ok(lines[0]!.startsWith(`cachesim: ${r.file}: ${expected}`), `got: ${lines[0]}\nwanted: cachesim: ${r.file}: ${expected}…`);
    });
  }

  it('broken JSON points at the line', () => {
    const r = tryScenario('{\n  "name": "x",\n  "runs": [ {} ],\n}');
    assert.match(r.stderr, /at line 4, column 1/);
  });

  it('missing files and folders are input errors (exit 1)', () => {
    const r = cli(['scenario', 'run', 'scenarios/nope.json']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'cachesim: scenarios/nope.json: no such file\n');
    const d = cli(['scenario', 'check', '--dir', 'no-such-folder']);
    assert.equal(d.code, 1);
    assert.equal(d.stderr, 'cachesim: no-such-folder: cannot list scenarios: no such folder\n');
  });
});

describe('scenario core', () => {
  const commands: ScenarioCommands = {
    run: { options: ['policy', 'capacity', 'seed'], replaysWorkload: true, check: async () => {}, execute: async () => ({}) },
  };

  it('merges the workload into each run and scenario tolerances under each run\'s own', () => {
    const s = parseScenario('s/x.json', JSON.stringify({
      name: 'x', description: 'd', workload: WORKLOAD, tolerance: { hitRatio: 0.01, hits: 2 },
      runs: [{ policy: 'lru', tolerance: { hits: '5%' } }, { name: 'b', command: 'run', capacity: [1, 2] }],
    }), commands);
    assert.equal(s.id, 'x');
    assert.equal(s.goldenFile, 's/x.expected.json');
    assert.deepEqual(s.runs.map((r) => r.name), ['run 1', 'b']);
    assert.deepEqual(s.runs[0]!.options, { policy: 'lru', workload: WORKLOAD });
    assert.deepEqual(s.runs[0]!.tolerance, { hitRatio: { abs: 0.01 }, hits: { rel: 0.05 } });
    assert.deepEqual(s.runs[1]!.tolerance, { hitRatio: { abs: 0.01 }, hits: { abs: 2 } });
  });

  it('finds the field a message is about by its flag or its name, earliest first', () => {
    assert.equal(fieldInMessage('--on-write "x" is not one of update, invalidate', ['policy', 'onWrite']), 'onWrite');
    assert.equal(fieldInMessage('capacity "0" must be a whole number', ['policy', 'capacity']), 'capacity');
    assert.equal(fieldInMessage('unknown policy "lruu": valid policies are lru, …', ['capacity', 'policy']), 'policy');
    assert.equal(fieldInMessage('traces/x.csv: no such file', ['trace']), undefined);
  });
});

describe('comparing outputs with golden ones', () => {
  const result = (policy: string, capacity: number, hits: number, reads = 100): Record<string, unknown> => ({
    policy, capacity: { value: capacity, unit: 'objects' }, reads, hits, misses: reads - hits, hitRatio: hits / reads,
  });
  const output = (results: Record<string, unknown>[]): ScenarioOutput => ({
    scenario: 's', runs: [{ name: 'r', command: 'run', output: { trace: { requests: 100 }, results } }],
  });

  it('labels list items by what they are, adding parameters only to tell two apart', () => {
    assert.deepEqual(itemLabels([
      { policy: 'lru', capacity: { value: 10, unit: 'objects' }, hottestNode: 'node2' },
      { policy: 'clock', params: { bits: 1 }, capacity: { value: 10, unit: 'objects' } },
      { policy: 'clock', params: { bits: 2 }, capacity: { value: 10, unit: 'objects' } },
      { node: 'node1', peakOps: 5 },
      { peakOps: 7 },
    ]), ['lru @ 10 objects', 'clock @ 10 objects (bits=1)', 'clock @ 10 objects (bits=2)', 'node1', '4']);
  });

  it('a policy added to a run is one new result, not every later result moving', () => {
    const before = output([result('lru', 10, 40), result('lfu', 10, 50)]);
    const after = output([result('lru', 10, 40), result('fifo', 10, 35), result('lfu', 10, 50)]);
    const c = compareOutputs(before, after, () => ({}));
    assert.equal(c.failed, true);
    assert.deepEqual(c.moves.map((m) => [m.field, m.expected, m.got]), [['results[fifo @ 10 objects]', undefined, '{…}']]);
  });

  it('exact by default; tolerances by field name or dotted suffix, absolute or relative to the golden value', () => {
    const before = output([result('lru', 10, 40)]);
    const after = output([result('lru', 10, 42)]);
    // hits 40 → 42, misses 60 → 58, hitRatio 0.4 → 0.42.
    const exact = compareOutputs(before, after, () => ({}));
    assert.deepEqual(exact.moves.map((m) => [m.field, m.delta, m.beyond]), [
      ['results[lru @ 10 objects].hits', 2, true],
      ['results[lru @ 10 objects].misses', -2, true],
      ['results[lru @ 10 objects].hitRatio', 0.02, true],
    ]);
    // 2 is exactly 5% of 40 (within); 2 is 3.3% of 60 (within 5%); 0.02 ≤ 0.02 (within).
    const tol = compareOutputs(before, after, () => ({ hits: { rel: 0.05 }, 'results.misses': { rel: 0.05 }, hitRatio: { abs: 0.02 } }));
    assert.equal(tol.failed, false);
    assert.equal(tol.moves.length, 3);
    // 4.9% is not enough for 2 of 40.
    const tight = compareOutputs(before, after, () => ({ hits: { rel: 0.049 }, misses: { rel: 1 }, hitRatio: { abs: 1 } }));
    assert.deepEqual(tight.moves.filter((m) => m.beyond).map((m) => m.field), ['results[lru @ 10 objects].hits']);
    assert.equal(exact.fields, 1 + 1 + 7, 'command, trace.requests and seven result leaves');
  });
});
