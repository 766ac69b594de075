import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** A parsed OpenAPI document, walked as plain JSON. */
export type OpenApiDocument = Record<string, unknown>;

/** The repository root, four levels above this file's folder `packages/daytona-api/test/support/`. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The project's own spec, which the client is generated from. */
export const OUR_SPEC_PATH = resolve(REPOSITORY_ROOT, 'specs/daytona-sandbox.yaml');

/**
 * Daytona's published OpenAPI file of release v0.190.0. It is not part of the repository, so
 * tests that read it skip when it is absent.
 */
export const REFERENCE_SPEC_PATH = resolve(
  REPOSITORY_ROOT,
  '../shared/reference/daytona-openapi.v0.190.0.yaml',
);

export function loadSpec(path: string): OpenApiDocument {
  return parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

/** Loads the reference file, or returns undefined when it is absent. */
export function loadReferenceSpec(): OpenApiDocument | undefined {
  return existsSync(REFERENCE_SPEC_PATH) ? loadSpec(REFERENCE_SPEC_PATH) : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows local `$ref` pointers such as `#/components/schemas/Sandbox` until a non-ref node. */
export function resolveRef(document: OpenApiDocument, node: unknown): Record<string, unknown> {
  let current = node;
  const seen = new Set<string>();

  while (isObject(current) && typeof current.$ref === 'string') {
    const pointer = current.$ref;
    if (!pointer.startsWith('#/') || seen.has(pointer)) {
      throw new Error(
        `$ref ${pointer} is not supported. Only local refs without cycles are resolved.`,
      );
    }
    seen.add(pointer);
    current = lookupPointer(document, pointer);
  }

  if (!isObject(current)) {
    throw new Error(`Expected an object, found ${JSON.stringify(current)}.`);
  }
  return current;
}

function lookupPointer(document: OpenApiDocument, pointer: string): unknown {
  let current: unknown = document;
  for (const rawSegment of pointer.slice(2).split('/')) {
    const segment = rawSegment.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(current) || !(segment in current)) {
      throw new Error(`$ref ${pointer} points at nothing.`);
    }
    current = current[segment];
  }
  return current;
}

/** The HTTP methods an OpenAPI path item can hold. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
