import { isJsonObject, isStringMap, newSandbox, parseCreateBody } from './create.js';
import { FakeHttpError, sandboxNotFound } from './errors.js';
import type { Lifecycle, LifecycleTiming } from './lifecycle.js';
import { type ListCandidate, listPage, parseListQuery } from './list.js';
import type { Random } from './random.js';
import type { RouteMatch } from './routes.js';
import type { SandboxRecord, SandboxStore } from './store.js';
import { isAccepted, type RequestableState, rejectionMessage } from './transitions.js';

/** The fake's state that the operation handlers read and change. */
export interface HandlerContext {
  store: SandboxStore;
  lifecycle: Lifecycle;
  timing: LifecycleTiming;
  ids: Random;
  baseUrl: string;
}

/** One request, as far as the handlers need it. */
export interface HandlerInput {
  route: RouteMatch;
  organizationId: string;
  query: URLSearchParams;
  /** The parsed JSON body, or undefined when there was none. */
  json: unknown;
}

/** A successful response; failures are raised as FakeHttpError. */
export interface HandlerResult {
  status: number;
  body: unknown;
}

/** Carries out one operation of the spec against the fake's state. */
export function handleOperation(context: HandlerContext, input: HandlerInput): HandlerResult {
  const { route } = input;

  switch (route.operation) {
    case 'createSandbox':
      return createSandbox(context, input);
    case 'listSandboxes':
      return listSandboxes(context, input);
    case 'getSandbox':
      readBooleanParameter(input.query, 'verbose');
      return ok(findSandbox(context, input).sandbox);
    case 'deleteSandbox':
      return changeState(context, input, 'destroyed');
    case 'startSandbox':
      return changeState(context, input, 'started');
    case 'stopSandbox':
      // NOTE: force is validated but a forced stop takes the same steps as a graceful one.
      readBooleanParameter(input.query, 'force');
      return changeState(context, input, 'stopped');
    case 'archiveSandbox':
      return changeState(context, input, 'archived');
    case 'replaceLabels':
      return replaceLabels(context, input);
    case 'setAutostopInterval':
      return setAutostopInterval(context, input);
  }
}

function createSandbox(context: HandlerContext, input: HandlerInput): HandlerResult {
  const body = parseCreateBody(input.json);
  const { store, lifecycle } = context;

  if (body.name !== undefined && store.isNameTaken(input.organizationId, body.name)) {
    throw new FakeHttpError(409, `Sandbox with name ${body.name} already exists`);
  }

  let linkedSandboxId: string | undefined;
  if (body.linkedSandbox !== undefined) {
    const linked = store.findLive(input.organizationId, body.linkedSandbox);
    if (linked === undefined) {
      throw new FakeHttpError(400, `Linked sandbox ${body.linkedSandbox} not found`);
    }
    linkedSandboxId = linked.sandbox.id;
  }

  const now = new Date();
  const sandbox = newSandbox(body, {
    id: context.ids.uuid(),
    organizationId: input.organizationId,
    baseUrl: context.baseUrl,
    now,
    ...(linkedSandboxId === undefined ? {} : { linkedSandboxId }),
  });

  const record = store.add(sandbox, now.getTime());
  lifecycle.begin(record);
  return ok(record.sandbox);
}

function listSandboxes(context: HandlerContext, input: HandlerInput): HandlerResult {
  const query = parseListQuery(input.query);
  const now = Date.now();
  const lagMs = context.timing.listLagMs;

  const candidates: ListCandidate[] = [];
  for (const record of context.store.all()) {
    const item = context.store.indexedItem(record, now, lagMs);
    if (item !== null && item.organizationId === input.organizationId) {
      candidates.push({ item, seq: record.seq });
    }
  }

  return { status: 200, body: listPage(candidates, query) };
}

function changeState(
  context: HandlerContext,
  input: HandlerInput,
  desired: RequestableState,
): HandlerResult {
  const record = findSandbox(context, input);
  const { state } = record.sandbox;

  if (!isAccepted(state, desired)) {
    throw new FakeHttpError(409, rejectionMessage(state, desired));
  }

  context.lifecycle.request(record, desired);
  return ok(record.sandbox);
}

function replaceLabels(context: HandlerContext, input: HandlerInput): HandlerResult {
  const record = findSandbox(context, input);
  const { json } = input;

  if (!isJsonObject(json) || !isStringMap(json.labels)) {
    throw new FakeHttpError(400, 'labels must be an object of string values');
  }

  record.sandbox.labels = { ...json.labels };
  context.store.touch(record, Date.now(), context.timing.listLagMs);
  return ok({ labels: record.sandbox.labels });
}

function setAutostopInterval(context: HandlerContext, input: HandlerInput): HandlerResult {
  const record = findSandbox(context, input);
  const text = input.route.interval ?? '';

  // Whole minutes only: the server stores an integer and 0 turns auto-stop off.
  if (!/^\d+$/.test(text)) {
    throw new FakeHttpError(400, `interval must be a whole number of minutes, got ${text}`);
  }

  record.sandbox.autoStopInterval = Number(text);
  context.store.touch(record, Date.now(), context.timing.listLagMs);
  return ok(record.sandbox);
}

function findSandbox(context: HandlerContext, input: HandlerInput): SandboxRecord {
  const idOrName = input.route.idOrName ?? '';
  const record = context.store.findLive(input.organizationId, idOrName);
  if (record === undefined) {
    throw sandboxNotFound(idOrName);
  }

  return record;
}

function readBooleanParameter(query: URLSearchParams, name: string): boolean | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;

  throw new FakeHttpError(400, `${name} must be true or false, got ${text}`);
}

// Responses carry a copy, so a response rewritten by a fault never changes the stored sandbox.
function ok(body: unknown): HandlerResult {
  return { status: 200, body: structuredClone(body) };
}
