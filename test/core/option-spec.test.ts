// The option specs (core/option-spec.ts) are the one source of the flags,
// the scenario fields and the "applies only with" rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProgram } from '../../src/cli/main.js';
import { flagName, type OptionSpec } from '../../src/core/option-spec.js';
import { MRC_OPTIONS } from '../../src/planner/mrc-options.js';
import { SIZE_OPTIONS } from '../../src/planner/size-options.js';
import { RUN_OPTIONS } from '../../src/run/options.js';
import { runCommand } from '../../src/scenario/commands.js';
import { STRATEGY_OPTIONS, strategyConfigs } from '../../src/strategies/config.js';
import { TRACE_OPTIONS } from '../../src/trace/options.js';
import { CONVERT_OPTIONS } from '../../src/cli/commands/convert.js';
import { HOTKEYS_OPTIONS } from '../../src/cli/commands/hotkeys.js';
import { REPLAY_OPTIONS } from '../../src/cli/commands/replay.js';
import { GEN_OPTIONS } from '../../src/workload/gen-options.js';
import { GEN_SPEC_FIELDS } from '../../src/workload/spec.js';

const COMMANDS: [string, readonly OptionSpec<never>[]][] = [
  ['run', RUN_OPTIONS],
  ['size', [...SIZE_OPTIONS, ...TRACE_OPTIONS]],
  ['mrc', [...MRC_OPTIONS, ...TRACE_OPTIONS]],
  ['gen', GEN_OPTIONS],
  ['hotkeys', [...HOTKEYS_OPTIONS, ...TRACE_OPTIONS]],
  ['replay', [...REPLAY_OPTIONS, ...TRACE_OPTIONS]],
  ['convert', [...CONVERT_OPTIONS, ...TRACE_OPTIONS]],
];

describe('option specs', () => {
  for (const [name, specs] of COMMANDS) {
    it(`${name}: the command's flags are exactly its specs, each named as its flag camelCased`, () => {
      const cmd = buildProgram().commands.find((c) => c.name() === name)!;
      assert.deepEqual(cmd.options.map((o) => o.long), specs.map(flagName));
      assert.deepEqual(cmd.options.map((o) => o.attributeName()), specs.map((s) => s.name));
      assert.equal(new Set(specs.map((s) => s.name)).size, specs.length, 'no option declared twice');
    });
  }

  it('gen has a flag for every field of a generator spec (what a scenario\'s workload takes)', () => {
    const names = GEN_OPTIONS.filter((o) => !o.output).map((o) => o.name);
    assert.deepEqual([...names].sort(), [...GEN_SPEC_FIELDS].sort());
  });

  it('a scenario run accepts every run option but the output and trace ones', () => {
    const fields = runCommand().options;
    assert.ok(fields.includes('dbLatency') && fields.includes('mitigations') && fields.includes('onWrite'));
    for (const f of ['format', 'report', 'trace', 'columns']) assert.ok(!fields.includes(f), f);
  });

  it('every "applies only with" rule refuses its option without what it needs, and takes it with', () => {
    const cases: Record<string, [Record<string, string>, Record<string, string>]> = {
      flushInterval: [{ strategy: 'cache-aside' }, { strategy: 'write-behind' }],
      batchSize: [{ strategy: 'cache-aside' }, { strategy: 'write-behind' }],
      refreshAhead: [{ protect: 'lock' }, { protect: 'background' }],
      beta: [{ protect: 'lock' }, { protect: 'xfetch' }],
      staleWindow: [{ protect: 'xfetch' }, { protect: 'swr' }],
      refreshTop: [{ protect: 'swr' }, { protect: 'background' }],
    };
    const ruled = STRATEGY_OPTIONS.filter((s) => s.appliesWith).map((s) => s.name);
    assert.deepEqual(ruled.sort(), Object.keys(cases).sort());
    const value: Record<string, string> = { flushInterval: '2s', batchSize: '10', refreshAhead: '0.5', beta: '2', staleWindow: '5s', refreshTop: '3' };
    for (const spec of STRATEGY_OPTIONS.filter((s) => s.appliesWith)) {
      const [without, withIt] = cases[spec.name]!;
      assert.throws(() => strategyConfigs({ ...without, [spec.name]: value[spec.name] }), new RegExp(`^CachesimError: ${flagName(spec)} applies only with ${spec.appliesWith!.needs.replace(/[()]/g, '\\$&')}$`));
      assert.ok(strategyConfigs({ ...withIt, [spec.name]: value[spec.name] }));
    }
  });
});
