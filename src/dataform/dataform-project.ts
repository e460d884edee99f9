import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

/** The package root: workflow_settings.yaml and definitions/ ship beside src/ and dist/. */
export const DEFAULT_PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));

const require = createRequire(import.meta.url);

/** The directory of an installed package, or a message saying how to install it. */
function packageDir(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`runDataform requires ${name}; install it with: npm install --save-dev ${name}`);
  }
}

/** The installed `dataform` CLI entry point (the package's `bin`). */
export function dataformCliPath(): string {
  const dir = packageDir('@dataform/cli');
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const entry = typeof bin === 'string' ? bin : (bin?.dataform ?? 'bundle.js');
  return join(dir, entry);
}

export interface StagedProject {
  /** A Dataform project the CLI compiles offline: settings, definitions and the installed @dataform/core. */
  readonly dir: string;
  /** The version of @dataform/core it compiles with. */
  readonly coreVersion: string;
  /** dataformCoreVersion from workflow_settings.yaml, if set. */
  readonly pinnedCoreVersion: string | undefined;
  cleanup(): void;
}

/**
 * Copies the Dataform project into a temporary directory next to the installed @dataform/core.
 *
 * Why: the CLI resolves @dataform/core only inside the project directory. In the repo the root's
 * node_modules has it (so `npx dataform compile .` works there), but where agentver is installed
 * as a package its dependencies are hoisted out of its folder. The staged copy carries the
 * installed core, so compiles work from either place, offline, and see only definitions/.
 * (A `dataformCoreVersion` line in workflow_settings.yaml would make the CLI refuse a folder with
 * a package.json and `npm install` the core on every compile; the line is dropped if present.)
 */
export function stageDataformProject(projectDir: string = DEFAULT_PROJECT_DIR): StagedProject {
  const settingsPath = join(projectDir, 'workflow_settings.yaml');
  if (!existsSync(settingsPath)) throw new Error(`stageDataformProject found no workflow_settings.yaml in ${projectDir}`);
  const settings = (parse(readFileSync(settingsPath, 'utf8')) ?? {}) as Record<string, unknown>;
  const pinned = typeof settings.dataformCoreVersion === 'string' ? settings.dataformCoreVersion : undefined;
  delete settings.dataformCoreVersion;

  const coreDir = packageDir('@dataform/core');
  const { version: coreVersion } = JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8')) as { version: string };

  const dir = mkdtempSync(join(tmpdir(), 'agentver-dataform-'));
  try {
    writeFileSync(join(dir, 'workflow_settings.yaml'), stringify(settings));
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, dependencies: { '@dataform/core': coreVersion } })}\n`);
    for (const folder of ['definitions', 'includes']) {
      if (existsSync(join(projectDir, folder))) cpSync(join(projectDir, folder), join(dir, folder), { recursive: true });
    }
    // A copy, not a symlink: the CLI's sandbox resolves modules only inside the project directory.
    cpSync(coreDir, join(dir, 'node_modules', '@dataform', 'core'), { recursive: true, dereference: true });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, coreVersion, pinnedCoreVersion: pinned, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
