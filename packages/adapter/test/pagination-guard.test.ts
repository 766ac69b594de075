import { afterEach, describe, expect, it } from 'vitest';
import { DaytonaPaginationError } from '../src/index.js';
import { type StubServer, sendJson, startStubServer } from './stub-server.js';
import { createTestClient } from './support.js';

let stub: StubServer | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function sandbox(id: string) {
  return { id, name: id, state: 'started', labels: { 'biro.companyId': 'acme' } };
}

/** Serves `pages` in order, each page's cursor pointing at the next, the last one's at null. */
function servePages(pages: string[][]) {
  return startStubServer((request, response) => {
    const cursor = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('cursor');
    const index = cursor === null ? 0 : Number(cursor.replace('page-', ''));
    const ids = pages[index] ?? [];
    const nextCursor = index + 1 < pages.length ? `page-${index + 1}` : null;
    sendJson(response, 200, { items: ids.map(sandbox), nextCursor });
  });
}

describe('pagination guard', () => {
  it('listHandles rejects a repeating cursor', async () => {
    stub = await startStubServer((_request, response) => {
      sendJson(response, 200, { items: [sandbox('sbx-1')], nextCursor: 'same-cursor' });
    });
    const { client } = createTestClient(stub.url);

    const error = await client
      .listHandles({ companyId: 'acme' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaPaginationError);
    expect((error as DaytonaPaginationError).cursor).toBe('same-cursor');
    expect(stub.requests).toHaveLength(2);
  });

  it('rejects a cursor that comes back later', async () => {
    const cursors = ['c-1', 'c-2', 'c-1'];
    stub = await startStubServer((_request, response) => {
      const nextCursor = cursors.shift() ?? null;
      sendJson(response, 200, { items: [], nextCursor });
    });
    const { client } = createTestClient(stub.url);

    const error = await client
      .listHandles({ companyId: 'acme' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaPaginationError);
    expect((error as DaytonaPaginationError).cursor).toBe('c-1');
  });

  it('listHandles follows cursors to the end', async () => {
    stub = await servePages([['sbx-1', 'sbx-2'], ['sbx-3'], ['sbx-4']]);
    const { client } = createTestClient(stub.url);

    const handles = await client.listHandles({ companyId: 'acme' });

    expect(handles.map((handle) => handle.id)).toEqual(['sbx-1', 'sbx-2', 'sbx-3', 'sbx-4']);
    expect(stub.requests).toHaveLength(3);
  });

  it('listHandlePages fetches a page only when asked', async () => {
    stub = await servePages([['sbx-1'], ['sbx-2'], ['sbx-3']]);
    const { client } = createTestClient(stub.url);
    const pages = client.listHandlePages({ companyId: 'acme' });

    expect(stub.requests).toHaveLength(0);
    const first = await pages.next();
    expect(first.value).toEqual([expect.objectContaining({ id: 'sbx-1' })]);
    expect(stub.requests).toHaveLength(1);
    const second = await pages.next();
    expect(second.value).toEqual([expect.objectContaining({ id: 'sbx-2' })]);
    expect(stub.requests).toHaveLength(2);
  });

  it('breaking out of the pages stops fetching', async () => {
    stub = await servePages([['sbx-1'], ['sbx-2'], ['sbx-3']]);
    const { client } = createTestClient(stub.url);

    for await (const page of client.listHandlePages({ companyId: 'acme' })) {
      expect(page).toHaveLength(1);
      break;
    }

    expect(stub.requests).toHaveLength(1);
  });

  it('sends the previous nextCursor', async () => {
    stub = await servePages([['sbx-1'], ['sbx-2']]);
    const { client } = createTestClient(stub.url);

    await client.listHandles({ companyId: 'acme' });

    const second = new URL(stub.requests[1]?.url ?? '/', 'http://127.0.0.1');
    expect(second.searchParams.get('cursor')).toBe('page-1');
  });
});
