// The package a user installs is whole: every relative link and image of the README and of the
// docs it ships resolves to a file in the package, and installing it runs no build.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

/** The files `npm pack` would put in the tarball (the build is not run: dist is listed by its pattern only when built, and links never point there). */
function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const [pack] = JSON.parse(out) as [{ files: { path: string }[] }];
  return new Set(pack.files.map((file) => file.path));
}

/** The relative targets of a markdown file's links and images, anchors dropped, resolved from its folder. */
function relativeLinks(markdown: string, from: string): string[] {
  const targets = [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] as string);
  return targets
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => normalize(join(dirname(from), target.split('#')[0] as string)));
}

describe('the packed package', () => {
  const files = packedFiles();

  it('resolves every relative link and image of the README and the shipped docs inside the package', () => {
    const pages = ['README.md', ...[...files].filter((file) => file.endsWith('.md'))];
    const broken: string[] = [];
    let checked = 0;
    for (const page of new Set(pages)) {
      for (const target of relativeLinks(readFileSync(join(root, page), 'utf8'), page)) {
        checked++;
        if (!files.has(target)) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
    // the README's own links to the docs are among them
    expect(checked).toBeGreaterThanOrEqual(15);
    expect(files.has('README.md')).toBe(true);
  });

  it('builds before packing, not on install', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const hook of ['prepare', 'preinstall', 'install', 'postinstall']) expect(scripts[hook], hook).toBeUndefined();
    expect(scripts.prepack).toBe('npm run build');
  });
});
