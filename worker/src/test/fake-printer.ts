import { createServer, type Server, type Socket } from 'node:net';

/**
 * A network printer for tests: a TCP server that keeps every job it receives (one connection, one
 * job, as ESC/POS printers on port 9100 work). `off()` closes the port (connections are refused, as
 * with an unplugged printer) and `on()` opens it again on the same port.
 */
export class FakePrinter {
  readonly jobs: Uint8Array[] = [];
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  port = 0;

  async on(): Promise<this> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      const chunks: Buffer[] = [];
      socket.on('data', (d) => chunks.push(d));
      socket.on('end', () => {
        this.jobs.push(new Uint8Array(Buffer.concat(chunks)));
        socket.end();
      });
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {});
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => ok());
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
    return this;
  }

  async off(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((ok) => server.close(() => ok()));
  }

  /** Each job's text as the paper would show it: printable characters, commands dropped. */
  texts(): string[] {
    return this.jobs.map(decodeText);
  }
}

/** True when the job ends its paper with a cut (ESC/POS GS V). */
export const hasCut = (job: Uint8Array) => Buffer.from(job).toString('latin1').includes('\x1dV');

/**
 * The readable text of an ESC/POS job: skips the command sequences (ESC, GS, FS and their
 * parameters, QR data included) and keeps printable characters and line breaks.
 */
export function decodeText(job: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < job.length) {
    const b = job[i]!;
    if (b === 0x1b) {
      i += job[i + 1] === 0x40 ? 2 : 3; // ESC @ (initialise) or ESC x n
    } else if (b === 0x1d) {
      const cmd = job[i + 1];
      if (cmd === 0x28)
        i += 5 + job[i + 3]! + job[i + 4]! * 256; // GS ( k pL pH …
      else if (cmd === 0x56)
        i += job[i + 2]! >= 65 ? 4 : 3; // GS V m [n]: the cut
      else i += 3;
    } else if (b === 0x1c) {
      i += 2; // FS . / FS &: code page modes
    } else {
      if (b === 0x0a) out += '\n';
      else if (b >= 0x20 && b !== 0x7f) out += String.fromCharCode(b);
      i += 1;
    }
  }
  return out;
}
