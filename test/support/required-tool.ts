/**
 * The engines behind the integration tests (cfn-lint, Suricata 7, moto_server, PostgreSQL 15)
 * must not go missing quietly. Locally a test whose engine is absent may skip, with a warning that
 * names the tool and how to install it; in CI (`CI` set, as CI systems do), or with
 * `HS_REQUIRE_ENGINES=1` (.ci/run sets it) or the tool's own `HS_REQUIRE_…=1`, it fails instead.
 */
export interface RequiredTool {
  /** What is missing, as a reader knows it (e.g. 'cfn-lint'). */
  readonly name: string;
  /** The variable that makes this one tool required (e.g. 'HS_REQUIRE_CFN_LINT'). */
  readonly env: string;
  /** How to install it. */
  readonly install: string;
}

/** Why the run must have every engine, or undefined when a missing one may be skipped. */
export function enginesRequiredBecause(tool: Pick<RequiredTool, 'env'>): string | undefined {
  const set = (name: string) => process.env[name] !== undefined && !['', '0', 'false'].includes(process.env[name]!.toLowerCase());
  if (set('CI')) return `CI=${process.env.CI}`;
  if (set('HS_REQUIRE_ENGINES')) return 'HS_REQUIRE_ENGINES=1';
  if (set(tool.env)) return `${tool.env}=1`;
  return undefined;
}

/**
 * True when the tool is there. Otherwise: throws (the test file fails, naming the tool and how
 * to install it) when the run requires engines, else warns and returns false (skip its tests).
 */
export function toolOrSkip(tool: RequiredTool, found: boolean): boolean {
  if (found) return true;
  const because = enginesRequiredBecause(tool);
  if (because) throw new Error(`${tool.name} is required for this run (${because}) but not installed. ${tool.install}`);
  console.warn(`${tool.name} is not installed: its tests are SKIPPED (in CI, or with HS_REQUIRE_ENGINES=1 or ${tool.env}=1, this fails). ${tool.install}`);
  return false;
}
