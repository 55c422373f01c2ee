/**
 * One command-line option, declared once: the CLI makes its commander flag
 * from it (cli/options.ts addOptions), scenario files accept its name, and
 * the feature it belongs to checks where it applies. Pure data: no
 * commander here.
 */
export interface OptionSpec<C = never> {
  /** The field name in the command's options and in scenario files: the flag camelCased (--db-latency is dbLatency). */
  name: string;
  /** The flag as commander takes it: "-p, --policy <list>", "--uniform", "--coalesce [window]". */
  flag: string;
  /** The help line, with the default where there is one (taken from the constant the parser uses). */
  help: string;
  /** A default commander fills in (and prints as `(default: "…")`); most options leave it to the parser, so "not given" stays visible. */
  default?: string;
  /** Repeatable: every value is kept, in order (--param k=v --param k2=v2). */
  repeatable?: boolean;
  /** Shapes the output, not the run (--format, --report): not a scenario field. */
  output?: boolean;
  /**
   * Where it applies, as a rule its feature checks with its own context (the
   * chosen strategies and protections, the mitigation sets…): `test` says
   * whether the option may be given, `needs` completes "--flag applies only with …".
   */
  appliesWith?: { test(context: C): boolean; needs: string };
}

/** The user-facing flag of an option: "--db-latency" for "-d, --db-latency <latency>". */
export function flagName(spec: Pick<OptionSpec, 'flag'>): string {
  return /--[a-z0-9-]+/.exec(spec.flag)![0];
}

/** The specs' names, for the fields a scenario run may set. */
export function scenarioFields(specs: readonly OptionSpec[]): string[] {
  return specs.filter((s) => !s.output).map((s) => s.name);
}

/** The flag of an option by its field name (for messages), or --name when no spec declares it. */
export function flagOf(specs: readonly OptionSpec[], name: string): string {
  const spec = specs.find((s) => s.name === name);
  return spec ? flagName(spec) : `--${name}`;
}
