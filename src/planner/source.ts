import { usageError } from '../core/errors.js';
import { traceOptions, type TraceFlags } from '../trace/options.js';
import { openTrace } from '../trace/open.js';
import type { TraceSource } from '../trace/types.js';
import type { RawGenSpec } from '../workload/spec.js';

/** Where `size --trace` and `mrc` read requests from: a trace file, or (in scenarios) a generated workload. */
export interface SourceOptions extends TraceFlags {
  trace?: string;
  workload?: RawGenSpec;
}

/** The trace file or the generated workload the options name (the generator loads only for a workload). */
export async function openSource(o: SourceOptions): Promise<TraceSource> {
  if (o.trace !== undefined && o.workload !== undefined) throw usageError('give a trace or a workload, not both');
  if (o.workload !== undefined) {
    const { generateTrace } = await import('../workload/generator.js');
    const { parseGenSpec } = await import('../workload/spec.js');
    return generateTrace(parseGenSpec(o.workload));
  }
  return openTrace(o.trace!, traceOptions(o));
}
