import { expect } from 'vitest';
import type { Api } from './client';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are free-form JSON in these tests
type Json = Record<string, any>;

/**
 * `call(method, path, token, body?, status?)` against /api/v1 on the contract's current client:
 * the parsed body (null when empty). With `status`, any other status fails the test, naming the
 * request and the answer's text.
 */
export function caller(api: () => Api) {
  return async (method: string, path: string, token: string, body?: unknown, status?: number) => {
    const res = await api().json(method, `/api/v1${path}`, body, token);
    const text = await res.text();
    if (status !== undefined) expect(res.status, `${method} ${path}: ${text}`).toBe(status);
    return (text ? JSON.parse(text) : null) as Json;
  };
}
