import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorBody, FakeHttpError } from './errors.js';
import {
  rewriteBody,
  statusFaultHeaders,
  statusFaultMessage,
  truncateJson,
} from './fault-effects.js';
import type { Fault, FaultPlan } from './faults.js';
import { type HandlerContext, handleOperation } from './handlers.js';
import { type RecordedRequest, recordRequest } from './request-log.js';
import { matchRoute } from './routes.js';

// Larger request bodies are rejected with 413. A create body is typically a few kilobytes.
const MAX_BODY_BYTES = 1024 * 1024;

/** The parts of the running fake that `serve` uses. */
export interface ServeSettings {
  apiKey: string;
  organizationId: string;
  context: HandlerContext;
  faults: FaultPlan;
  requests: RecordedRequest[];
}

/**
 * Handles one HTTP request: records it, routes it, checks the bearer token, applies the fault
 * the plan picks for the call, and runs the operation.
 */
export async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  settings: ServeSettings,
  shutdown: AbortSignal,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const { text: bodyText, tooLarge } = await readBody(request);
  const entry = recordRequest(request, url, bodyText);
  settings.requests.push(entry);

  const send = (status: number, text: string, headers: Record<string, string> = {}) => {
    const allHeaders = { 'content-type': 'application/json; charset=utf-8', ...headers };
    response.writeHead(status, allHeaders);
    response.end(text);
    entry.status = status;
    entry.response = { status, headers: allHeaders, body: text };
  };

  let fault: Fault | undefined;
  const sendError = (status: number, message: string, headers?: Record<string, string>) => {
    const text = JSON.stringify(errorBody(url.pathname, status, message));
    send(status, fault?.kind === 'malformed-json' ? truncateJson(text) : text, headers);
  };

  try {
    if (tooLarge) {
      throw new FakeHttpError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    }

    const route = matchRoute(request.method ?? 'GET', url.pathname);
    if (route === undefined) {
      // NestJS, the Daytona API's framework, words the 404 for an unknown route this way.
      throw new FakeHttpError(404, `Cannot ${request.method} ${url.pathname}`);
    }
    entry.operation = route.operation;

    if (request.headers.authorization !== `Bearer ${settings.apiKey}`) {
      throw new FakeHttpError(401, 'Unauthorized');
    }

    const call = settings.faults.takeCall(route.operation);
    fault = call.fault;
    entry.callNumber = call.callNumber;
    entry.fault = fault?.kind;

    if (fault?.kind === 'status') {
      sendError(fault.status, statusFaultMessage(fault), statusFaultHeaders(fault));
      return;
    }

    if (fault?.kind === 'hang') {
      // Nothing is written; close() or the client ends the connection.
      return;
    }

    if (fault?.kind === 'reset' && fault.when !== 'after') {
      request.socket.destroy();
      return;
    }

    if (fault?.kind === 'latency') {
      try {
        await sleep(fault.delayMs, undefined, { signal: shutdown });
      } catch {
        request.socket.destroy();
        return;
      }
    }

    const headerOrganization = request.headers['x-daytona-organization-id'];
    const organizationId =
      typeof headerOrganization === 'string' && headerOrganization !== ''
        ? headerOrganization
        : settings.organizationId;

    const result = handleOperation(settings.context, {
      route,
      organizationId,
      query: url.searchParams,
      json: parseJsonBody(bodyText),
    });

    if (fault?.kind === 'reset') {
      // The server has acted; the client sees only a dropped connection.
      request.socket.destroy();
      return;
    }

    const text = JSON.stringify(rewriteBody(result.body, fault));
    send(result.status, fault?.kind === 'malformed-json' ? truncateJson(text) : text);
  } catch (error) {
    if (!(error instanceof FakeHttpError)) {
      throw error;
    }

    // A reset fault drops the connection whether or not the operation succeeded.
    if (fault?.kind === 'reset') {
      request.socket.destroy();
      return;
    }

    sendError(error.status, error.message);
  }
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    return undefined;
  }

  try {
    return JSON.parse(text);
  } catch {
    throw new FakeHttpError(400, 'Request body is not valid JSON');
  }
}

async function readBody(request: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;

  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;

    // Keep reading past the limit so the client can receive the 413 instead of a reset.
    if (size > MAX_BODY_BYTES) {
      tooLarge = true;
      continue;
    }

    chunks.push(buffer);
  }

  return { text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge };
}
