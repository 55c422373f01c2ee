import type { SizeEstimate, SizeReport } from '../planner/size.js';
import { formatBytesAsTyped as formatBytes, policyLabel } from '../planner/size.js';
import { int, toCsv, type Paint } from './format.js';
import { makeTable } from './table.js';
import { traceLine } from './run-report.js';
import { round6 } from '../core/numbers.js';

function pct(x: number): string {
  return `${Number((x * 100).toPrecision(4))}%`;
}

function times(x: number): string {
  if (x >= 0.995 && x <= 1.005) return 'same';
  return x > 1 ? `${x.toFixed(2)}× less` : `${(1 / x).toFixed(2)}× more`;
}

function bytesText(n: number): string {
  return `${formatBytes(n)}`;
}

function methodText(e: SizeEstimate): string {
  const name = e.from === 'trace' ? e.policy : e.policy === 'fifo' ? 'FIFO / random' : e.policy === 'lfu' ? 'perfect LFU' : policyLabel(e.policy);
  return `${name}: ${e.method}`;
}

/** `cachesim size` as text: the rule, the estimates beside it, memory, nodes, verdict. */
export function sizeTable(r: SizeReport, paint: Paint): string {
  const lines: string[] = [];
  const what = [`${paint.bold('Target')} hit ratio ${pct(r.target)}`];
  if (r.items !== undefined) what.push(`${int(r.items)} items${r.itemSize !== undefined ? ` of ${bytesText(r.itemSize)}` : ''}`);
  if (!r.trace) what.push(r.workload);
  lines.push(what.join(' · '));
  if (r.trace) lines.push(traceLine(r.trace, paint));
  if (r.formula) {
    lines.push(`${paint.bold('Working-set rule')} (assumes the hit ratio grows linearly with cached items): active set ${int(r.formula.items)} items` +
      (r.itemSize !== undefined ? ` × ${bytesText(r.itemSize)} = ${paint.bold(formatBytes(r.formula.bytes))} (${int(r.formula.bytes)} bytes)` : ''));
  }
  if (r.estimates.length > 0) {
    const hasShare = r.estimates.some((e) => e.share !== undefined);
    const hasHit = r.estimates.some((e) => e.hitRatio !== undefined);
    const hasVs = r.estimates.some((e) => e.vsFormula !== undefined);
    const head = ['method', 'items', ...(hasShare ? ['share of items'] : []), 'memory (values)', ...(hasHit ? ['hit ratio there'] : []), ...(hasVs ? ['vs working-set rule'] : [])];
    const table = makeTable({ head: head.map((h) => paint.bold(h)), colAligns: ['left', ...head.slice(1).map(() => 'right' as const)] });
    for (const e of r.estimates) {
      const row = [
        e.policy === r.basis ? paint.cyan(methodText(e)) : methodText(e),
        int(e.items) + (e.itemsResolution ? ` (±${int(e.itemsResolution)})` : ''),
        ...(hasShare ? [e.share !== undefined ? pct(e.share) : '–'] : []),
        formatBytes(e.bytes) + (e.bytesResolution ? ` (within ${formatBytes(e.bytesResolution)})` : ''),
        ...(hasHit ? [e.hitRatio !== undefined ? e.hitRatio.toFixed(4) : '–'] : []),
        ...(hasVs ? [e.vsFormula !== undefined ? times(e.vsFormula) : '–'] : []),
      ];
      table.push(row);
    }
    lines.push(table.toString());
  }
  if (r.trace && r.trace.bestHitRatio !== undefined && Number.isFinite(r.trace.bestHitRatio)) {
    lines.push(paint.dim(`best possible on this trace (every key cached): hit ratio ${r.trace.bestHitRatio.toFixed(4)}; ${r.trace.passes} read${r.trace.passes === 1 ? '' : 's'} of the trace${r.trace.sampleRate !== undefined ? `; SHARDS sample rate ${r.trace.sampleRate}` : ''}`));
  }
  if (r.memory) {
    const m = r.memory;
    const parts = Object.entries(m.parts).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`${paint.bold('Memory per item')} in ${m.engine} (${m.keySize}-byte keys, ${int(m.valueSize)}-byte values${m.ttl ? ', with a TTL' : ''}): ${m.bytesPerItem} B (${parts})`);
  }
  if (r.plan) {
    const p = r.plan;
    const basis = r.estimates.find((e) => e.policy === r.basis);
    lines.push(`${paint.bold('Plan')} for ${!basis ? 'the working-set rule' : basis.from === 'trace' ? basis.policy : policyLabel(r.basis)}: ${formatBytes(p.dataBytes)}${r.memory ? ` in ${r.memory.engine}` : ''} × ${p.memoryBytes / p.dataBytes === 1 ? 1 : Number((p.memoryBytes / p.dataBytes).toFixed(3))} fragmentation = ${formatBytes(p.memoryBytes)} per copy; ${p.copies} cop${p.copies === 1 ? 'y' : 'ies'} = ${formatBytes(p.totalMemoryBytes)}`);
    if (p.shardsForMemory !== undefined) lines.push(`  memory: ${p.shardsForMemory} shard${p.shardsForMemory === 1 ? '' : 's'} of ${formatBytes(p.nodeMemory!)} → ${p.nodesForMemory} node${p.nodesForMemory === 1 ? '' : 's'}`);
    if (p.shardsForThroughput !== undefined) lines.push(`  throughput: ${int(p.peakQps!)} requests/s ÷ ${int(p.nodeOps!)} per node → ${p.shardsForThroughput} shard${p.shardsForThroughput === 1 ? '' : 's'} → ${p.nodesForThroughput} node${p.nodesForThroughput === 1 ? '' : 's'}`);
    if (p.boundBy !== 'nothing') lines.push(`  ${paint.bold(`${p.nodes} node${p.nodes === 1 ? '' : 's'}`)} (${p.shards} shard${p.shards === 1 ? '' : 's'} × ${p.copies} cop${p.copies === 1 ? 'y' : 'ies'}), set by ${p.boundBy}`);
    else lines.push(paint.dim('  give --node-memory and/or --peak-qps for a node count'));
  }
  lines.push(`${paint.bold('Verdict:')} ${r.verdict}`);
  return `${lines.join('\n')}\n`;
}

export const SIZE_CSV_COLUMNS = [
  'target', 'workload', 'policy', 'from', 'method', 'items', 'share', 'bytes', 'hitRatio', 'vsFormula', 'itemsResolution', 'bytesResolution',
  'basis', 'bytesPerItem', 'memoryBytes', 'copies', 'totalMemoryBytes', 'shards', 'nodes', 'boundBy',
] as const;

/**
 * `cachesim size --format csv`: one row per answer, the working-set rule
 * first (policy "working-set rule", from "rule"), then each estimate. The
 * row the memory and node plan are for has basis = 1 and carries the plan's
 * columns; the others leave them empty. The verdict and the memory's parts
 * are in the JSON only.
 */
export function sizeCsv(r: SizeReport): string {
  const rows: Record<string, unknown>[] = [];
  if (r.formula) {
    rows.push({
      policy: 'working-set rule',
      from: 'rule',
      method: r.formula.rule,
      items: r.formula.items,
      ...(r.items !== undefined ? { share: round6(r.formula.items / r.items) } : {}),
      bytes: r.formula.bytes,
      vsFormula: 1,
    });
  }
  for (const e of r.estimates) rows.push({ ...e });
  for (const row of rows) {
    row.target = r.target;
    row.workload = r.workload;
    if (row.policy !== r.basis || !r.plan) continue;
    const p = r.plan;
    Object.assign(row, {
      basis: 1,
      ...(r.memory ? { bytesPerItem: r.memory.bytesPerItem } : {}),
      memoryBytes: p.memoryBytes,
      copies: p.copies,
      totalMemoryBytes: p.totalMemoryBytes,
      shards: p.shards,
      nodes: p.nodes,
      boundBy: p.boundBy,
    });
  }
  return toCsv(SIZE_CSV_COLUMNS, rows);
}
