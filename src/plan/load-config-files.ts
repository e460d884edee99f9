import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { type AgentConfig, agentIdSchema } from '../config/agent-config.js';
import { decodeText, parseConfigDocument } from '../config/config-document.js';
import { parseConfig } from '../config/parse-config.js';
import { type FieldProblem, ValidationError } from '../errors/validation-error.js';

/** One agent's config as read from its file. */
export interface ConfigFile {
  agentId: string;
  /** The path as the caller named it, or joined to the folder it was found in. */
  file: string;
  config: AgentConfig;
}

export interface LoadConfigFilesOptions {
  /** Relative paths are read from here; defaults to the process's working directory. */
  cwd?: string;
}

const CONFIG_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const ID_KEY = 'agent_id';

/** Problems of one file are collected rather than thrown, so one run reports every bad file. */
type Loaded = { ok: true; file: ConfigFile } | { ok: false; problems: FieldProblem[] };

const isConfigFile = (name: string) => !name.startsWith('.') && CONFIG_EXTENSIONS.has(extname(name).toLowerCase());

/** The files a path names: itself, or the config files directly inside a folder. */
async function expand(path: string, cwd: string): Promise<string[] | FieldProblem> {
  const info = await stat(resolve(cwd, path)).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    return { field: path, rule: info.code === 'ENOENT' ? 'does not exist' : `cannot be read (${info.message})` };
  }
  if (info.isDirectory()) {
    const names = (await readdir(resolve(cwd, path))).filter(isConfigFile).sort();
    return names.length > 0 ? names.map((name) => join(path, name)) : { field: path, rule: 'holds no *.yaml, *.yml or *.json file' };
  }
  return isConfigFile(basename(path)) ? [path] : { field: path, rule: 'must end in .yaml, .yml or .json' };
}

// A file's problems name the file, then the field inside it: `agents/triage.yaml#temperature`.
const inFile = (file: string, problems: FieldProblem[]) =>
  problems.map((problem) => ({ field: problem.field ? `${file}#${problem.field}` : file, rule: problem.rule }));

async function loadFile(file: string, cwd: string): Promise<Loaded> {
  const stem = basename(file, extname(file));
  const id = agentIdSchema.safeParse(stem);
  if (!id.success) return { ok: false, problems: [{ field: file, rule: `names agent "${stem}", which ${id.error.issues[0]?.message}` }] };
  const bytes = await readFile(resolve(cwd, file)).catch((error: Error) => error);
  if (bytes instanceof Error) return { ok: false, problems: [{ field: file, rule: `cannot be read (${bytes.message})` }] };
  try {
    const document = parseConfigDocument(decodeText(bytes, file, 'the file'), file);
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      return { ok: false, problems: [{ field: file, rule: 'must hold a mapping of config fields' }] };
    }
    const { [ID_KEY]: declared, ...fields } = document as Record<string, unknown>;
    if (declared !== undefined && declared !== stem) {
      return {
        ok: false,
        problems: [
          {
            field: `${file}#${ID_KEY}`,
            rule: `is ${JSON.stringify(declared)}, but the file name says "${stem}"; rename one so they agree`,
          },
        ],
      };
    }
    return { ok: true, file: { agentId: stem, file, config: parseConfig(fields) } };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // parseConfigDocument already names the file; parseConfig names only the field.
    return {
      ok: false,
      problems: error.problems.every((problem) => problem.field === file) ? error.problems : inFile(file, error.problems),
    };
  }
}

/**
 * Reads agent configs from files and folders, one agent a file. A folder contributes the
 * `*.yaml`, `*.yml` and `*.json` files directly inside it (not its subfolders, which can hold
 * prompt drafts or fixtures without becoming agents; dotfiles are skipped too). The agent id is
 * the file name without its extension, which must be a valid agent id; an `agent_id:` key in the
 * file is optional and, when present, must say the same (it is a check, and never reaches the
 * config, whose schema refuses unknown fields). Two files for one agent are refused.
 *
 * Every bad file is reported at once in one ValidationError (exit 2): a problem's field is the
 * file, or `file#field` for a field inside it. Configs come back sorted by agent id.
 *
 * @example
 * await loadConfigFiles(['agents'])
 * // [{ agentId: 'support_triage', file: 'agents/support_triage.yaml', config: { name: 'Support triage', … } }]
 */
export async function loadConfigFiles(paths: readonly string[], options: LoadConfigFilesOptions = {}): Promise<ConfigFile[]> {
  const cwd = options.cwd ?? process.cwd();
  if (paths.length === 0) throw new ValidationError([{ field: 'paths', rule: 'name at least one config file or folder' }], 'input');
  const problems: FieldProblem[] = [];
  const files: string[] = [];
  for (const expanded of await Promise.all(paths.map((path) => expand(path, cwd)))) {
    if (Array.isArray(expanded)) files.push(...expanded);
    else problems.push(expanded);
  }
  const byAgent = new Map<string, ConfigFile>();
  // A file named twice (`agents` and `agents/triage.yaml`) is read once.
  const unique = [...new Map(files.map((file) => [resolve(cwd, file), file])).values()];
  for (const loaded of await Promise.all(unique.map((file) => loadFile(file, cwd)))) {
    if (!loaded.ok) {
      problems.push(...loaded.problems);
      continue;
    }
    const first = byAgent.get(loaded.file.agentId);
    if (first)
      problems.push({ field: loaded.file.file, rule: `is a second file for agent ${loaded.file.agentId} (the first is ${first.file})` });
    else byAgent.set(loaded.file.agentId, loaded.file);
  }
  if (problems.length > 0) throw new ValidationError(problems, 'config files');
  return [...byAgent.values()].sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
}
