import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';

export const browserTestsDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoDir = dirname(dirname(browserTestsDir));
/** Screenshots, server logs and generated clips (gitignored). */
export const outputDir = join(browserTestsDir, 'output');
mkdirSync(outputDir, { recursive: true });
