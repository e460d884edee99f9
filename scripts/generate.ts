// Writes the files derived from the config field declaration (see src/store/generated-files.ts).
// Run with `npm run generate` after changing a field; a unit test fails while they are stale.
import { writeFileSync } from 'node:fs';
import { generatedFiles } from '../src/store/generated-files.js';

const root = new URL('..', import.meta.url);
for (const [path, text] of Object.entries(generatedFiles())) {
  writeFileSync(new URL(path, root), text);
  process.stdout.write(`wrote ${path}\n`);
}
