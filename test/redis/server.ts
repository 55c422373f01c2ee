import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** Whether redis-server is on PATH: the Redis tests skip, with this message, without it. */
export const HAVE_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error === undefined;

export function skipWithoutRedis(what: string): string | false {
  return HAVE_REDIS ? false : `redis-server is not on PATH, so ${what} is skipped (install it: apt-get install -y redis-server)`;
}

/** A scratch redis-server on a spare port of 127.0.0.1, without persistence. */
export interface ScratchRedis {
  port: number;
  url: string;
  /** The server's process (a test may stop it with SIGSTOP, or kill it). */
  process: ChildProcess;
  stop(): Promise<void>;
}

export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Spawn a server listening on `port` of 127.0.0.1 and wait until it accepts
 * connections; `stop` ends it (SIGTERM, after a SIGCONT in case a test
 * stopped it) and waits for it to exit.
 */
export async function spawnServer(command: string, args: string[], port: number): Promise<{ process: ChildProcess; stop: () => Promise<void> }> {
  const server: ChildProcess = spawn(command, args, { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    server.kill('SIGCONT');
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 100; i++) {
    if (await accepts(port)) return { process: server, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`${command} did not come up on port ${port}`);
}

/** Start one, and wait until it accepts connections. */
export async function startRedis(): Promise<ScratchRedis> {
  const port = await sparePort();
  const { process, stop } = await spawnServer('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], port);
  return { port, url: `redis://127.0.0.1:${port}`, process, stop };
}
