import type { Command } from 'commander';
import type { Scenario, ScenarioCommands } from '../../scenario/scenario.js';
import type { ScenarioHooks, ScenarioOutput } from '../../scenario/execute.js';
import type { CheckOutcome } from '../../scenario/golden.js';
import type { HtmlSection } from '../../report/html.js';
import type { Paint } from '../../report/format.js';
import type { SimReport } from '../../run/results.js';
import type { MrcReport } from '../../planner/mrc.js';
import type { SizeReport } from '../../planner/size.js';
import { out, paintFor } from '../io.js';
import { outputFormat } from '../options.js';
import { replayProgress, type ReplayProgress } from '../progress.js';

interface RunFlags {
  format?: string;
  report?: string;
}

interface CheckFlags {
  format?: string;
  dir: string;
  update?: boolean;
}

/** The commands scenario files may run, their fields taken from each command's option specs. */
export async function scenarioCommands(): Promise<ScenarioCommands> {
  const { mrcCommand, runCommand, sizeCommand } = await import('../../scenario/commands.js');
  return { run: runCommand(), size: sizeCommand(), mrc: mrcCommand() };
}

/** A run's output as its command prints it with --format csv (undefined for a command without CSV). */
async function csvOf(command: string, output: unknown): Promise<string | undefined> {
  if (command === 'run') return (await import('./run.js')).runCsvText(output as SimReport);
  if (command === 'size') return (await import('../../report/size-report.js')).sizeCsv(output as SizeReport);
  if (command === 'mrc') return (await import('../../report/mrc-report.js')).mrcCsv(output as MrcReport);
  return undefined;
}

/** A run's output as its command prints it as a table. */
async function textOf(command: string, output: unknown, paint: Paint): Promise<string> {
  if (command === 'run') return (await import('./run.js')).runText(output as SimReport, paint);
  if (command === 'size') return (await import('../../report/size-report.js')).sizeTable(output as SizeReport, paint);
  if (command === 'mrc') return (await import('../../report/mrc-report.js')).mrcTable(output as MrcReport, paint);
  return (await import('../../report/format.js')).toJson(output);
}

/** Progress bars, one per run, on a terminal only (see progress.ts). */
function progressHooks(format: string): ScenarioHooks {
  let bar: ReplayProgress | undefined;
  return {
    progressFor(s, r) {
      bar = replayProgress(`${s.id} · ${r.name}`, format);
      return bar?.update;
    },
    afterRun() {
      bar?.stop();
      bar = undefined;
    },
  };
}

export function registerScenario(program: Command): void {
  const scenario = program
    .command('scenario')
    .description('replay scenario files (scenarios/*.json) and check their results against golden outputs');

  scenario
    .command('run')
    .description('replay scenario files and print their results as cachesim run does')
    .argument('<files...>', 'scenario files, e.g. scenarios/product-catalogue.json')
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .option('--report <file>', 'also write a self-contained HTML report (tables and charts) to FILE; - writes it alone to standard output')
    .action(async (files: string[], flags: RunFlags) => {
      const format = outputFormat(flags.format);
      const { reportTarget, writeHtmlReport } = await import('../report-file.js');
      const reportTo = reportTarget(flags.report);
      const { loadScenario } = await import('../../scenario/scenario.js');
      const { runScenario } = await import('../../scenario/execute.js');
      const commands = await scenarioCommands();
      const scenarios: Scenario[] = [];
      for (const f of files) scenarios.push(await loadScenario(f, commands));
      const outputs: ScenarioOutput[] = [];
      for (const s of scenarios) outputs.push(await runScenario(s, commands, progressHooks(format)));
      if (reportTo) {
        const sections: HtmlSection[] = scenarios.flatMap((s, i) => s.runs.map((r, j) => ({
          heading: scenarios.length > 1 ? `${s.name} — ${r.name}` : r.name,
          ...(scenarios.length > 1 && j === 0 ? { description: s.description } : {}),
          command: r.command,
          options: r.options,
          output: outputs[i]!.runs[j]!.output,
        })));
        const one = scenarios.length === 1 ? scenarios[0]! : undefined;
        await writeHtmlReport(reportTo, { title: one ? one.name : 'cachesim scenarios', ...(one ? { description: one.description } : {}), sections });
        // `--report -`: standard output holds the page alone.
        if (reportTo.mode === 'stdout') return;
      }
      const { toJson } = await import('../../report/format.js');
      if (format === 'json') {
        out(toJson(outputs));
        return;
      }
      const { prefixCsv } = await import('../../report/scenario-report.js');
      if (format === 'csv') {
        // One CSV block per set of columns, the scenario and run in the first columns.
        const blocks = new Map<string, string>();
        for (const o of outputs) {
          for (const r of o.runs) {
            const csv = await csvOf(r.command, r.output);
            if (csv === undefined) continue;
            // Runs with the same columns share one block (a strategy run's CSV has columns of its own).
            const header = csv.slice(0, csv.indexOf('\n'));
            blocks.set(header, (blocks.get(header) ?? '') + prefixCsv(csv, o.scenario, r.name, !blocks.has(header)));
          }
        }
        out([...blocks.values()].join('\n'));
        return;
      }
      const paint = await paintFor(process.stdout);
      const parts: string[] = [];
      for (const [i, s] of scenarios.entries()) {
        parts.push(`${paint.bold(`Scenario ${s.id}`)}: ${s.name}`);
        for (const r of outputs[i]!.runs) {
          parts.push(paint.cyan(`── ${r.name} (cachesim ${r.command})`));
          parts.push(await textOf(r.command, r.output, paint));
        }
      }
      out(parts.join('\n'));
    });

  scenario
    .command('check')
    .description('rerun scenarios and compare with their golden outputs (NAME.expected.json); exit 1 when something moved beyond its tolerance')
    .argument('[files...]', 'scenario files (default: every *.json in --dir)')
    .option('--dir <dir>', 'the folder of scenarios checked when no file is given', 'scenarios')
    .option('--update', 'record the new outputs as the golden files instead of comparing')
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .action(async (files: string[], flags: CheckFlags) => {
      const format = outputFormat(flags.format);
      const { listScenarioFiles, loadScenario } = await import('../../scenario/scenario.js');
      const { runScenario } = await import('../../scenario/execute.js');
      const { checkGolden, failed, missingGolden, recordGoldens } = await import('../../scenario/golden.js');
      const { checkCsv, checkJson, checkTable } = await import('../../report/scenario-report.js');
      const { toJson } = await import('../../report/format.js');
      const { inputError } = await import('../../core/errors.js');
      const commands = await scenarioCommands();
      const paths = files.length > 0 ? files : listScenarioFiles(flags.dir);
      // Every file is checked before anything runs: a typo fails in a second, not after a long replay.
      const scenarios: Scenario[] = [];
      for (const f of paths) scenarios.push(await loadScenario(f, commands));
      let outcomes: CheckOutcome[] = [];
      const fresh: { scenario: Scenario; output: ScenarioOutput }[] = [];
      for (const s of scenarios) {
        const missing = flags.update ? undefined : missingGolden(s);
        if (missing) {
          outcomes.push(missing);
          continue;
        }
        const output = await runScenario(s, commands, progressHooks(format));
        if (flags.update) fresh.push({ scenario: s, output });
        else outcomes.push(checkGolden(s, output));
      }
      // The set is updated together: every golden written, then every one renamed.
      if (flags.update) outcomes = await recordGoldens(fresh);
      if (format === 'json') out(toJson(checkJson(outcomes)));
      else if (format === 'csv') out(checkCsv(outcomes));
      else out(checkTable(outcomes, await paintFor(process.stdout)));
      const bad = outcomes.filter(failed);
      if (bad.length > 0) {
        const moved = bad.filter((o) => o.status === 'moved').map((o) => {
          const beyond = o.comparison!.moves.filter((m) => m.beyond);
          const m = beyond[0]!;
          const more = beyond.length > 1 ? `, and ${beyond.length - 1} more` : '';
          return `${o.scenario}: ${m.field} ${String(m.expected ?? '(absent)')} → ${String(m.got ?? '(absent)')}${more}`;
        });
        const missing = bad.filter((o) => o.status === 'missing').map((o) => o.scenario);
        const what = [
          moved.length > 0 ? `${moved.length} moved beyond tolerance (${moved.join('; ')}): if the change is intended, run cachesim scenario check --update and commit the golden files` : '',
          missing.length > 0 ? `${missing.length} without a golden file (${missing.join(', ')}): record with cachesim scenario check --update ${missing.length === 1 ? bad.find((o) => o.status === 'missing')!.file : ''}`.trimEnd() : '',
        ].filter(Boolean).join('; ');
        throw inputError(`scenario check failed: ${what}`);
      }
    });
}
