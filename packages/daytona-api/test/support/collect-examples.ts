import { HTTP_METHODS, isObject, type OpenApiDocument } from './spec-documents.js';

/** One example found in the spec, with the schema it must satisfy. */
export interface SpecExample {
  /** Where the example sits, as a dotted path such as `components.schemas.Sandbox.example`. */
  location: string;
  /** The OpenAPI schema object the example must satisfy. */
  schema: unknown;
  value: unknown;
}

const NESTED_SCHEMA_KEYWORDS = ['items', 'additionalProperties', 'not'];
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'];

/**
 * Collects every example of the spec: schema-level `example` at any depth, parameter and header
 * examples, and media-type examples of responses and request bodies. Objects reached through a
 * `$ref` are collected once, where they are defined.
 */
export function collectExamples(document: OpenApiDocument): SpecExample[] {
  const examples: SpecExample[] = [];
  const components = isObject(document.components) ? document.components : {};

  for (const [name, schema] of entries(components.schemas)) {
    collectSchemaExamples(`components.schemas.${name}`, schema, examples);
  }
  for (const [name, parameter] of entries(components.parameters)) {
    collectParameterExamples(`components.parameters.${name}`, parameter, examples);
  }
  for (const [name, header] of entries(components.headers)) {
    collectParameterExamples(`components.headers.${name}`, header, examples);
  }
  for (const [name, response] of entries(components.responses)) {
    collectResponseExamples(`components.responses.${name}`, response, examples);
  }
  for (const [name, requestBody] of entries(components.requestBodies)) {
    collectContentExamples(`components.requestBodies.${name}`, requestBody, examples);
  }

  for (const [path, pathItem] of entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = isObject(pathItem) ? pathItem[method] : undefined;
      if (!isObject(operation)) {
        continue;
      }
      const location = `paths.${path}.${method}`;

      for (const [index, parameter] of (asArray(operation.parameters) ?? []).entries()) {
        if (!isRef(parameter)) {
          collectParameterExamples(`${location}.parameters.${index}`, parameter, examples);
        }
      }
      if (isObject(operation.requestBody) && !isRef(operation.requestBody)) {
        collectContentExamples(`${location}.requestBody`, operation.requestBody, examples);
      }
      for (const [status, response] of entries(operation.responses)) {
        if (!isRef(response)) {
          collectResponseExamples(`${location}.responses.${status}`, response, examples);
        }
      }
    }
  }

  return examples;
}

function collectSchemaExamples(location: string, schema: unknown, examples: SpecExample[]): void {
  if (!isObject(schema)) {
    return;
  }

  if ('example' in schema) {
    examples.push({ location: `${location}.example`, schema, value: schema.example });
  }

  for (const [name, property] of entries(schema.properties)) {
    collectSchemaExamples(`${location}.properties.${name}`, property, examples);
  }
  for (const keyword of NESTED_SCHEMA_KEYWORDS) {
    collectSchemaExamples(`${location}.${keyword}`, schema[keyword], examples);
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    for (const [index, member] of (asArray(schema[keyword]) ?? []).entries()) {
      collectSchemaExamples(`${location}.${keyword}.${index}`, member, examples);
    }
  }
}

/** Parameters and headers share the `schema`, `example` and `examples` fields. */
function collectParameterExamples(
  location: string,
  parameter: unknown,
  examples: SpecExample[],
): void {
  if (!isObject(parameter)) {
    return;
  }

  collectSchemaExamples(`${location}.schema`, parameter.schema, examples);
  collectExampleFields(location, parameter, parameter.schema, examples);
}

function collectResponseExamples(
  location: string,
  response: unknown,
  examples: SpecExample[],
): void {
  if (!isObject(response)) {
    return;
  }

  collectContentExamples(location, response, examples);
  for (const [name, header] of entries(response.headers)) {
    if (!isRef(header)) {
      collectParameterExamples(`${location}.headers.${name}`, header, examples);
    }
  }
}

function collectContentExamples(location: string, owner: unknown, examples: SpecExample[]): void {
  if (!isObject(owner)) {
    return;
  }

  for (const [mediaType, content] of entries(owner.content)) {
    if (!isObject(content)) {
      continue;
    }
    const contentLocation = `${location}.content.${mediaType}`;
    collectSchemaExamples(`${contentLocation}.schema`, content.schema, examples);
    collectExampleFields(contentLocation, content, content.schema, examples);
  }
}

/** Collects `example` and each `examples.<name>.value` of a parameter, header or media type. */
function collectExampleFields(
  location: string,
  owner: Record<string, unknown>,
  schema: unknown,
  examples: SpecExample[],
): void {
  if ('example' in owner) {
    examples.push({ location: `${location}.example`, schema, value: owner.example });
  }
  for (const [name, example] of entries(owner.examples)) {
    if (isObject(example) && 'value' in example) {
      examples.push({ location: `${location}.examples.${name}`, schema, value: example.value });
    }
  }
}

function entries(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

function isRef(value: unknown): boolean {
  return isObject(value) && typeof value.$ref === 'string';
}
