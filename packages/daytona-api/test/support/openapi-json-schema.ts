import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { isObject, type OpenApiDocument } from './spec-documents.js';

const SCHEMAS_ID = 'daytona-sandbox-schemas';
const COMPONENT_SCHEMA_PREFIX = '#/components/schemas/';

/** OpenAPI 3.0 keywords that JSON Schema does not know. None of them is a validation rule. */
const OPENAPI_ONLY_KEYWORDS = new Set([
  'example',
  'nullable',
  'xml',
  'externalDocs',
  'discriminator',
]);

/**
 * Converts an OpenAPI 3.0 schema object to JSON Schema draft 7: `nullable: true` becomes a
 * `null` alternative, refs to `#/components/schemas/X` point at the converted copy registered
 * under `SCHEMAS_ID`, and OpenAPI-only keywords and `x-` extensions are dropped.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(toJsonSchema);
  }
  if (!isObject(schema)) {
    return schema;
  }

  const converted: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (OPENAPI_ONLY_KEYWORDS.has(keyword) || keyword.startsWith('x-')) {
      continue;
    }
    converted[keyword] = convertKeyword(keyword, value);
  }

  return schema.nullable === true ? allowNull(converted) : converted;
}

function convertKeyword(keyword: string, value: unknown): unknown {
  if (keyword === '$ref' && typeof value === 'string') {
    if (!value.startsWith(COMPONENT_SCHEMA_PREFIX)) {
      throw new Error(`Schema $ref ${value} is not under ${COMPONENT_SCHEMA_PREFIX}.`);
    }
    return `${SCHEMAS_ID}#/definitions/${value.slice(COMPONENT_SCHEMA_PREFIX.length)}`;
  }

  // `properties` maps names to schemas, so its keys are property names and never keywords.
  if (keyword === 'properties' && isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, property]) => [name, toJsonSchema(property)]),
    );
  }

  return toJsonSchema(value);
}

function allowNull(schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema.type === 'string') {
    const withNull: Record<string, unknown> = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) {
      withNull.enum = [...schema.enum, null];
    }
    return withNull;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** Validates values against the schemas of one OpenAPI 3.0 document. */
export class ExampleChecker {
  readonly #ajv: Ajv;

  constructor(document: OpenApiDocument) {
    this.#ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    // ajv-formats is CommonJS: under NodeNext its default import is the module, whose
    // `default` property is the plugin.
    ajvFormats.default(this.#ajv);

    const components = isObject(document.components) ? document.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    this.#ajv.addSchema({ $id: SCHEMAS_ID, definitions: toJsonSchema(schemas) });
  }

  /** Compiles an OpenAPI schema object of the document, such as a property or a media type's schema. */
  compile(schema: unknown): ValidateFunction {
    return this.#ajv.compile(toJsonSchema(schema) as object);
  }

  /** Returns ajv's error text for `value`, or undefined when it is valid. */
  check(schema: unknown, value: unknown): string | undefined {
    const validate = this.compile(schema);
    return validate(value) ? undefined : this.#ajv.errorsText(validate.errors);
  }
}
