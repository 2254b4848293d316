import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** What the server printed on stdout, line by line (its start-up and shutdown log). */
  output: string[];
  /** SIGKILL: no shutdown hooks, in-flight transactions die with the process. */
  kill9(): Promise<void>;
  /** SIGTERM, as `docker stop` sends it; resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
  /** Starts the same server again on the same port. */
  restart(): Promise<void>;
}

/** `npm start`'s entry as a real child process (its own event loop, killable with -9). */
export async function startServerProcess(
  env: Record<string, string>,
  port?: number,
  /** Node's arguments: the TypeScript entry through tsx (as `npm start`), or a compiled bundle. */
  args = ['--import', 'tsx', 'worker/src/runtime/node.ts'],
): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const url = `http://127.0.0.1:${p}`;
  const output: string[] = [];
  const spawnIt = () => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, SEED_DEMO: 'false', ...env, PORT: String(p) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
    return child;
  };
  const waitReady = async (child: ChildProcess) => {
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not start within 30 s');
  };
  const exited = (child: ChildProcess) =>
    new Promise<void>((ok) =>
      child.exitCode !== null || child.signalCode !== null ? ok() : child.once('exit', () => ok()),
    );
  const handle: ServerProcess = {
    url,
    port: p,
    child: spawnIt(),
    output,
    async kill9() {
      handle.child.kill('SIGKILL');
      await exited(handle.child);
    },
    async stop() {
      handle.child.kill('SIGTERM');
      await exited(handle.child);
      return handle.child.exitCode;
    },
    async restart() {
      handle.child = spawnIt();
      await waitReady(handle.child);
    },
  };
  await waitReady(handle.child);
  return handle;
}
