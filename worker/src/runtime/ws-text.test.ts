import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { textFrame, wsWriter } from './ws-text';

/** A real `ws` server and clients on loopback: the frames must read back as `ws` reads them. */
let server: WebSocketServer;
let url: string;
const accepted: WebSocket[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (ws) => accepted.push(ws));
  await new Promise((ok) => server.once('listening', ok));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const ws of accepted) ws.terminate();
  await new Promise((ok) => server.close(ok));
});

async function pair() {
  const before = accepted.length;
  const client = new WebSocket(url);
  const received: string[] = [];
  client.on('message', (data, isBinary) => received.push(isBinary ? '(binary)' : data.toString()));
  await new Promise((ok, fail) => {
    client.once('open', ok);
    client.once('error', fail);
  });
  while (accepted.length === before) await new Promise((ok) => setTimeout(ok, 5));
  return { client, server: accepted.at(-1)!, received };
}

const waitFor = async (cond: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!cond() && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 5));
};

describe('wsWriter', () => {
  it('delivers texts of every header size, multi-byte text included, to every socket', async () => {
    const a = await pair();
    const b = await pair();
    // 7-bit, 16-bit and 64-bit lengths and their edges, counted in UTF-8 bytes, not characters.
    const texts = ['', 'x', 'x'.repeat(125), 'x'.repeat(126), 'ü'.repeat(70), 'x'.repeat(65535)];
    texts.push('€😀'.repeat(10_000), 'x'.repeat(65536), '{"seq":1}');
    const writeA = wsWriter(a.server);
    const writeB = wsWriter(b.server);
    for (const t of texts) {
      writeA.send(t);
      writeB.send(t);
    }
    await waitFor(() => a.received.length === texts.length && b.received.length === texts.length);
    expect(a.received).toEqual(texts);
    expect(b.received).toEqual(texts);
    a.client.terminate();
    b.client.terminate();
  });

  it('holds corked messages and sends them whole and in order on uncork', async () => {
    const p = await pair();
    const writer = wsWriter(p.server);
    writer.cork();
    for (let seq = 1; seq <= 3; seq++) writer.send(JSON.stringify({ seq }));
    await new Promise((ok) => setTimeout(ok, 50));
    expect(p.received).toEqual([]);
    writer.uncork();
    await waitFor(() => p.received.length === 3);
    expect(p.received).toEqual(['{"seq":1}', '{"seq":2}', '{"seq":3}']);
    p.client.terminate();
  });

  it('builds the header RFC 6455 §5.2 asks for', () => {
    expect([...textFrame('hi')]).toEqual([0x81, 2, 0x68, 0x69]);
    expect([...textFrame('x'.repeat(126)).subarray(0, 4)]).toEqual([0x81, 126, 0, 126]);
    const big = textFrame('x'.repeat(65536));
    expect([...big.subarray(0, 10)]).toEqual([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(big.length).toBe(10 + 65536);
  });

  it('leaves a closing socket to ws, which drops the message instead of writing after close', async () => {
    const p = await pair();
    const writer = wsWriter(p.server);
    p.server.close(1000, 'bye');
    expect(() => writer.send('late')).not.toThrow();
    await new Promise((ok) => p.client.once('close', ok));
    expect(p.received).toEqual([]);
  });
});
