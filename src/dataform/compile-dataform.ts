import { stageDataformProject } from './dataform-project.js';
import { execDataform } from './exec-dataform.js';
import { type DataformTarget, projectConfigArgs } from './project-config-args.js';

export interface CompileDataformOptions extends Partial<DataformTarget> {
  /** The Dataform project (workflow_settings.yaml, definitions/); defaults to agentver's own. */
  projectDir?: string;
}

/** The parts of Dataform's compiled graph (`dataform compile --json`) callers read; the rest is kept as is. */
export interface CompiledGraph {
  tables?: Array<{ target: { database?: string; schema: string; name: string }; type?: string; enumType?: string; query?: string }>;
  assertions?: Array<{ target: { database?: string; schema: string; name: string }; query?: string }>;
  declarations?: Array<{ target: { database?: string; schema: string; name: string } }>;
  operations?: unknown[];
  projectConfig?: Record<string, unknown>;
  graphErrors?: { compilationErrors?: Array<{ fileName?: string; message?: string; actionName?: string }> };
  [key: string]: unknown;
}

export interface CompileDataformResult {
  /** Compiled with no compilation errors. */
  ok: boolean;
  graph: CompiledGraph | undefined;
  /** Compilation errors as `file: message`, or the CLI's output when it printed no graph. */
  errors: string[];
  durationMs: number;
}

/**
 * Compiles the Dataform project with `dataform compile --json` and returns the compiled graph,
 * without touching BigQuery: a cheap check that every definition parses and every ref resolves.
 *
 * @example
 * const { ok, graph } = await compileDataform({ projectId: 'p', dataset: 'agentver_models', rawDataset: 'agentver' });
 * graph?.tables?.map((t) => t.target.name) // ['run_facts', 'stg_agent_configs', ...]
 */
export async function compileDataform(options: CompileDataformOptions = {}): Promise<CompileDataformResult> {
  const project = stageDataformProject(options.projectDir);
  try {
    const args = ['compile', project.dir, '--json'];
    if (options.projectId && options.dataset && options.rawDataset) {
      args.push(
        ...projectConfigArgs({ ...options, projectId: options.projectId, dataset: options.dataset, rawDataset: options.rawDataset }),
      );
    }
    const result = await execDataform(args);
    let graph: CompiledGraph | undefined;
    try {
      graph = JSON.parse(result.stdout) as CompiledGraph;
    } catch {
      return { ok: false, graph: undefined, errors: [result.output.trim()], durationMs: result.durationMs };
    }
    const errors = (graph.graphErrors?.compilationErrors ?? []).map((error) => `${error.fileName ?? '?'}: ${error.message ?? ''}`);
    return { ok: result.exitCode === 0 && errors.length === 0, graph, errors, durationMs: result.durationMs };
  } finally {
    project.cleanup();
  }
}
