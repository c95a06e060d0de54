// Starts the real Vigil server (the built jar) on a free 127.0.0.1 port and stops it again.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { outputDir, repoDir } from './paths.mjs';

const STARTUP_DEADLINE_MS = 120_000;
const STOP_DEADLINE_MS = 20_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function javaCommand() {
  if (process.env.JAVA_HOME) return join(process.env.JAVA_HOME, 'bin', 'java');
  const temurin = '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java';
  return existsSync(temurin) ? temurin : 'java';
}

export function jarPath() {
  return process.env.VIGIL_JAR ?? join(repoDir, 'target', 'vigil.jar');
}

/**
 * A server process. start() runs it and resolves once /api/stats answers; stop() ends it;
 * start() again brings it back on the same port (for the reconnect test).
 * @param name used for the log file output/server-<name>.log
 * @param env extra environment (config overrides)
 */
export class VigilServer {
  constructor({ name, env = {} }) {
    this.name = name;
    this.env = env;
    this.port = null;
    this.process = null;
    this.starts = 0;
    // Headers json() sends (e.g. an admin's bearer token when auth is on); none by default.
    this.headers = {};
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.port ??= await freePort();
    // Each server its own alert store (kept across restarts of this server, as a real one is).
    this.storePath ??= mkdtempSync(join(tmpdir(), `vigil-store-${this.name}-`));
    const jar = jarPath();
    if (!existsSync(jar)) throw new Error(`No server jar at ${jar}: build it first (mvn -o -q package -DskipTests)`);
    this.starts++;
    this.lostAt = null;
    const log = createWriteStream(join(outputDir, `server-${this.name}.log`), { flags: this.starts === 1 ? 'w' : 'a' });
    log.write(`---- start ${this.starts} on port ${this.port}\n`);
    const child = spawn(javaCommand(), ['--enable-native-access=ALL-UNNAMED', '-jar', jar], {
      cwd: repoDir,
      env: {
        ...process.env,
        SERVER_HOST: '127.0.0.1',
        SERVER_PORT: String(this.port),
        // ICE host candidates on loopback only: the test never touches another interface, and
        // it works where loopback is the only one (CI's network namespace).
        VIGIL_WEBRTC_LOCAL_dash_ADDRESSES: '127.0.0.1',
        MALLOC_ARENA_MAX: '2',
        VIGIL_STORE_PATH: this.storePath,
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    let exited = null;
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      const expected = this.stopping === child;
      log.write(`---- exited code=${code} signal=${signal}${expected ? '' : ' UNEXPECTEDLY (crash, or killed from outside the test)'}\n`);
      if (!expected) this.lostAt = { code, signal, at: new Date().toISOString() };
    });
    this.process = child;

    const deadline = Date.now() + STARTUP_DEADLINE_MS;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`Server exited during startup (${JSON.stringify(exited)}); see output/server-${this.name}.log`);
      try {
        const response = await fetch(`${this.url}/api/stats`);
        // 401: auth is on (mode local or jwt) and the server is up.
        if (response.ok || response.status === 401) return this;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await this.stop();
    throw new Error(`Server did not answer within ${STARTUP_DEADLINE_MS} ms; see output/server-${this.name}.log`);
  }

  async stop() {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.stopping = child;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
    await exited;
    clearTimeout(timer);
  }

  /** GET a JSON path of the server's API (the test's own view, independent of the page). */
  async json(path) {
    if (this.lostAt) throw new Error(`the server exited during the test: ${JSON.stringify(this.lostAt)}; see output/server-${this.name}.log`);
    const response = await fetch(this.url + path, { headers: this.headers });
    const body = await response.json();
    return { status: response.status, body };
  }
}
