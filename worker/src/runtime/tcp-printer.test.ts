import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePrinter } from '../test/fake-printer';
import { sendToPrinter } from './tcp-printer';

const servers: Server[] = [];
const sockets: Socket[] = [];
const printers: FakePrinter[] = [];
afterEach(async () => {
  for (const p of printers.splice(0)) await p.off();
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await new Promise((ok) => s.close(ok));
});

/** A printer that behaves badly: `onData` decides what it does with the connection. */
async function oddPrinter(onData: (socket: Socket) => void): Promise<number> {
  // allowHalfOpen: our FIN does not close the printer's end; onData decides.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    socket.once('data', () => onData(socket));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  servers.push(server);
  return (server.address() as { port: number }).port;
}

const ticket = new TextEncoder().encode('\x1b@Table 4\n2 x Soup\n\x1dVA\x03');

describe('sendToPrinter (raw TCP, port 9100)', () => {
  it('resolves once the printer has read the whole job and closed its end', async () => {
    const printer = await new FakePrinter().on();
    printers.push(printer);
    await sendToPrinter('127.0.0.1', printer.port, ticket);
    expect(printer.jobs).toEqual([ticket]);
  });

  it('rejects when the printer is off (connection refused)', async () => {
    const printer = await new FakePrinter().on();
    await printer.off();
    await expect(sendToPrinter('127.0.0.1', printer.port, ticket)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects when the printer resets the connection after the bytes left: not printed', async () => {
    // The OS took the whole (small) job at once, so "handed to the socket" would count it printed.
    const port = await oddPrinter((s) => s.resetAndDestroy());
    await expect(sendToPrinter('127.0.0.1', port, ticket)).rejects.toThrow(/ECONNRESET/);
  });

  it('counts a printer that keeps the connection open without an error as printed, after the grace', async () => {
    let got = 0;
    const port = await oddPrinter((s) => {
      got++;
      s.resume();
    });
    const started = Date.now();
    await sendToPrinter('127.0.0.1', port, ticket, { closeGraceMs: 300 });
    expect(got).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('times out on a printer that accepts and never reads on', async () => {
    const port = await oddPrinter((s) => s.pause());
    await expect(
      sendToPrinter('127.0.0.1', port, new Uint8Array(8 * 1024 * 1024), { timeoutMs: 300 }),
    ).rejects.toThrow(/timed out/);
  });
});
