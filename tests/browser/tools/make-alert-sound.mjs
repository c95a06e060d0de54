// Writes the page's alert chime: two short sine tones (E6 then A6) with a soft attack and an
// exponential decay, 16-bit mono PCM WAV at 22.05 kHz. Deterministic: same bytes every run.
// make-alert-sound.sh encodes it to src/main/resources/web/alert.mp3 (the path the seed's
// guide plays: `new Audio('/alert.mp3')`).
import { writeFileSync } from 'node:fs';

const rate = 22050;
const notes = [
  { hz: 1318.5, start: 0.00, length: 0.22 },
  { hz: 1760.0, start: 0.16, length: 0.34 },
];
const seconds = 0.55;
const samples = new Float64Array(Math.round(rate * seconds));
for (const note of notes) {
  const first = Math.round(note.start * rate);
  const count = Math.round(note.length * rate);
  for (let i = 0; i < count && first + i < samples.length; i++) {
    const t = i / rate;
    const attack = Math.min(1, t / 0.008);
    const decay = Math.exp(-t * 9);
    // A quiet octave overtone makes it sound like a bell rather than a test tone.
    const wave = Math.sin(2 * Math.PI * note.hz * t) + 0.25 * Math.sin(4 * Math.PI * note.hz * t);
    samples[first + i] += 0.45 * attack * decay * wave;
  }
}

const data = Buffer.alloc(samples.length * 2);
samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
const header = Buffer.alloc(44);
header.write('RIFF', 0); header.writeUInt32LE(36 + data.length, 4); header.write('WAVE', 8);
header.write('fmt ', 12); header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(1, 22);
header.writeUInt32LE(rate, 24); header.writeUInt32LE(rate * 2, 28); header.writeUInt16LE(2, 32); header.writeUInt16LE(16, 34);
header.write('data', 36); header.writeUInt32LE(data.length, 40);
writeFileSync(process.argv[2] ?? 'alert.wav', Buffer.concat([header, data]));
