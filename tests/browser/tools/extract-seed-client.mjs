// Extracts the frontend guide's AnomalyDetectionClient class ("Complete Client Class"), exactly as
// printed, with the one change the tests allow: its public STUN server removed (tests send no
// traffic beyond 127.0.0.1). The browser tests use the committed copy, fixtures/seed-client.js,
// because a newcomer's clone has no ../shared.
//   node tools/extract-seed-client.mjs [GUIDE]           print the extracted class
//   node tools/extract-seed-client.mjs --check [GUIDE]   exit 1 if fixtures/seed-client.js differs
// GUIDE defaults to ../shared/seeds/000_432e18317a1d216a.txt next to the repository.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
export const fixturePath = join(here, '..', 'fixtures', 'seed-client.js');
export const defaultGuide = join(repo, '..', 'shared', 'seeds', '000_432e18317a1d216a.txt');

const STUN = "iceServers: [{ urls: 'stun:stun.l.google.com:19302' }]";
const NO_STUN = 'iceServers: []';

export const header = [
  '// The frontend guide\'s client class, extracted by tests/browser/tools/extract-seed-client.mjs from',
  '// ../shared/seeds/000_432e18317a1d216a.txt ("Complete Client Class") exactly as printed, with one',
  `// change: its public STUN server removed (${STUN} -> ${NO_STUN}),`,
  '// as the tests send no traffic beyond 127.0.0.1. Check it still matches the guide:',
  '//   node tests/browser/tools/extract-seed-client.mjs --check',
  '',
].join('\n');

/** The class as the guide prints it, STUN server removed, with the header above. */
export function extract(guideText) {
  const lines = guideText.split('\n');
  const section = lines.findIndex((l) => l.startsWith('## Complete Client Class'));
  const start = lines.findIndex((l, i) => i > section && l.startsWith('class AnomalyDetectionClient {'));
  const end = lines.findIndex((l, i) => i > start && l === '}');
  if (section < 0 || start < 0 || end < 0) throw new Error('no AnomalyDetectionClient class under "## Complete Client Class"');
  const body = lines.slice(start, end + 1).join('\n');
  if (body.split(STUN).length !== 2) throw new Error(`expected exactly one ${STUN} in the class`);
  return header + body.replace(STUN, NO_STUN) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv[2] === '--check';
  const guide = process.argv[check ? 3 : 2] ?? defaultGuide;
  if (!existsSync(guide)) {
    console.error(`no guide at ${guide}`);
    process.exit(check ? 0 : 1); // nothing to compare against on a machine without ../shared
  }
  const extracted = extract(readFileSync(guide, 'utf8'));
  if (!check) {
    process.stdout.write(extracted);
  } else if (extracted !== readFileSync(fixturePath, 'utf8')) {
    console.error(`${fixturePath} differs from the class in ${guide}: regenerate it with\n  node ${fileURLToPath(import.meta.url)} > ${fixturePath}`);
    process.exit(1);
  } else {
    console.log(`${fixturePath} matches ${guide}`);
  }
}
