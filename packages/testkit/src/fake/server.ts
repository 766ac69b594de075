import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody } from './errors.js';
import { type FaultHandle, FaultPlan, type FaultRule } from './faults.js';
import type { HandlerContext } from './handlers.js';
import { Lifecycle, type LifecycleTiming } from './lifecycle.js';
import { createRandom, type Random, randomSeed } from './random.js';
import type { RecordedRequest } from './request-log.js';
import { type ServeSettings, serve } from './serve.js';
import { SandboxStore } from './store.js';
import type { SandboxDesiredState, WireSandbox } from './wire.js';

/** The API key the fake accepts when the options name none. */
export const DEFAULT_FAKE_API_KEY = 'test-api-key';
/** The organization of requests that send no `X-Daytona-Organization-ID` header. */
export const DEFAULT_FAKE_ORGANIZATION_ID = 'fake-org';
/** Time each intermediate state lasts by default: long enough to be seen, short for tests. */
export const DEFAULT_TRANSITION_DELAY_MS = 50;

/** Options of `startFakeDaytona`. */
export interface FakeDaytonaOptions {
  /** The bearer token the fake accepts; default `test-api-key`. */
  apiKey?: string;
  /** Organization of requests without `X-Daytona-Organization-ID`; default `fake-org`. */
  organizationId?: string;
  /** Time each intermediate state (creating, stopping, ...) lasts, in milliseconds; default 50. */
  transitionDelayMs?: number;
  /**
   * Seed of sandbox ids and fault probabilities. The same seed and the same requests give the
   * same ids and faults. Default: a random seed, readable afterwards as `FakeDaytona.seed`.
   */
  seed?: string | number;
  /**
   * How long the list trails the per-sandbox endpoint, in milliseconds; default 0. A changed or
   * deleted sandbox keeps its old list entry, and a new one is missing, for this long.
   */
  listLagMs?: number;
  /** Port on 127.0.0.1; default 0, which picks a free port. */
  port?: number;
}

/** Fault injection of a running fake. */
export interface FakeFaults {
  /** Adds a rule; the first rule that matches a call wins. See `FaultRule`. */
  add(rule: FaultRule): FaultHandle;
  /** Removes every rule. */
  clear(): void;
}

/** Details stored together with a state by `FakeDaytona.setState`. */
export interface SetStateDetails {
  desiredState?: SandboxDesiredState;
  errorReason?: string;
  recoverable?: boolean;
}

/** A running local Daytona fake. */
export interface FakeDaytona {
  /** Base URL without a trailing slash, such as `http://127.0.0.1:40123`; paths start at `/sandbox`. */
  readonly url: string;
  readonly apiKey: string;
  /** The organization of requests without `X-Daytona-Organization-ID`. */
  readonly organizationId: string;
  /** The seed in use, given or picked at start. */
  readonly seed: string | number;
  readonly faults: FakeFaults;
  /** Every request received since start or the last reset, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /**
   * Returns copies of the stored sandboxes of every organization in creation order, including
   * ones created by requests whose response the client never got. Destroyed sandboxes are
   * left out unless `includeDestroyed` is true.
   */
  sandboxes(options?: { includeDestroyed?: boolean }): WireSandbox[];
  /**
   * Stores `state` on the sandbox with this id (or live name) and stops its pending steps.
   * Any string is accepted, including values the spec does not know; `null` removes the field.
   */
  setState(idOrName: string, state: string | null, details?: SetStateDetails): WireSandbox;
  /** Changes the transition delay or list lag while the fake runs, in milliseconds. */
  setTiming(timing: Partial<LifecycleTiming>): void;
  /**
   * Forgets sandboxes, requests, faults and call counts, and restarts the id sequence. Requests
   * still delayed by a latency fault are dropped, so they cannot act after the reset.
   */
  reset(): void;
  /** Stops the server, ending hung requests and pending steps. */
  close(): Promise<void>;
}

/**
 * Starts a stateful fake of the Daytona sandbox API on 127.0.0.1. It implements every operation
 * of `specs/daytona-sandbox.yaml` with Daytona's state machine, list filters and pagination,
 * and injects scripted faults.
 */
export async function startFakeDaytona(options: FakeDaytonaOptions = {}): Promise<FakeDaytona> {
  const apiKey = options.apiKey ?? DEFAULT_FAKE_API_KEY;
  const organizationId = options.organizationId ?? DEFAULT_FAKE_ORGANIZATION_ID;
  const seed = options.seed ?? randomSeed();
  const timing: LifecycleTiming = {
    transitionDelayMs: options.transitionDelayMs ?? DEFAULT_TRANSITION_DELAY_MS,
    listLagMs: options.listLagMs ?? 0,
  };

  let ids: Random = createRandom(seed, 'ids');
  let faultRandom: Random = createRandom(seed, 'faults');
  const store = new SandboxStore();
  const lifecycle = new Lifecycle(store, timing);
  const faults = new FaultPlan(() => faultRandom);
  const requests: RecordedRequest[] = [];
  const shutdown = new AbortController();
  // Aborted by reset(), so a request still delayed by a latency fault cannot act afterwards.
  let generation = new AbortController();

  const context: HandlerContext = {
    store,
    lifecycle,
    timing,
    get ids() {
      return ids;
    },
    baseUrl: '',
  };

  const server = createServer((request, response) => {
    const settings: ServeSettings = { apiKey, organizationId, context, faults, requests };
    const stop = AbortSignal.any([shutdown.signal, generation.signal]);
    serve(request, response, settings, stop).catch((error: unknown) => {
      // A bug in the fake or a failed request stream: report it, and send a 500 so the client
      // does not wait forever.
      console.error(`Fake Daytona failed on ${request.method} ${request.url}:`, error);
      if (!response.headersSent && !response.destroyed) {
        const body = errorBody(request.url ?? '/', 500, `Fake Daytona failed: ${String(error)}`);
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(body));
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  context.baseUrl = url;

  const findForSetState = (idOrName: string) =>
    store.findById(idOrName) ??
    store.all().find(({ sandbox }) => sandbox.name === idOrName && sandbox.state !== 'destroyed');

  return {
    url,
    apiKey,
    organizationId,
    seed,
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
    },
    requests,
    sandboxes: ({ includeDestroyed = false } = {}) =>
      store
        .all()
        .filter(({ sandbox }) => includeDestroyed || sandbox.state !== 'destroyed')
        .map(({ sandbox }) => structuredClone(sandbox)),
    setState: (idOrName, state, details = {}) => {
      const record = findForSetState(idOrName);
      if (record === undefined) {
        throw new Error(
          `setState failed: no sandbox has the id or name ${idOrName}. Pass an id from fake.sandboxes().`,
        );
      }
      lifecycle.force(record, state, details);
      return structuredClone(record.sandbox);
    },
    setTiming: (changes) => {
      Object.assign(timing, changes);
    },
    reset: () => {
      generation.abort();
      generation = new AbortController();
      store.clear();
      faults.reset();
      requests.length = 0;
      ids = createRandom(seed, 'ids');
      faultRandom = createRandom(seed, 'faults');
    },
    close: async () => {
      shutdown.abort();
      store.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hung requests and idle keep-alive connections would otherwise hold close() open.
      server.closeAllConnections();
      await closed;
    },
  };
}
