import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a stub server received. */
export interface StubRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
}

/** A running stub server on 127.0.0.1. */
export interface StubServer {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

/** Sends `body` as JSON with `status` and any extra headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * Starts a plain HTTP server on 127.0.0.1 that records each request and lets `handle` send the response,
 * for server behaviour the fake Daytona never shows, such as a cursor that repeats.
 */
export async function startStubServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? 'GET', url: request.url ?? '/' });
    // Drain the body so the client sees the response instead of a reset.
    request.resume();
    request.on('end', () => handle(request, response));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Returns a URL on 127.0.0.1 whose port had a listener a moment ago and now has none. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
