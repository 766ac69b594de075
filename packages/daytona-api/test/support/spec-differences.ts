import { HTTP_METHODS, isObject, type OpenApiDocument, resolveRef } from './spec-documents.js';

/** Nesting limit for schema comparison, far above the spec's real depth, to stop on a cycle. */
const MAX_SCHEMA_DEPTH = 12;

type Json = Record<string, unknown>;

/**
 * Lists every way `ours` is not a faithful subset of `reference`, one line per difference, such as
 * `GET /sandbox response 404: not in reference` or
 * `schema Sandbox.cpu: type integer, reference number`.
 *
 * Compared: servers, each path and method with its operationId, effective security, parameters
 * (name, in, required, style, explode, schema), request body and responses (status, media type,
 * schema, headers), and each of our component schemas by name. Schemas are compared after
 * resolving `$ref` and `allOf` on type, format, nullable, enum values, array items, additional
 * properties, and each property with its required flag. Descriptions, examples, defaults and
 * numeric limits are not compared.
 */
export function findSpecDifferences(ours: OpenApiDocument, reference: OpenApiDocument): string[] {
  const differences: string[] = [];
  const comparer = new SpecComparer(ours, reference, differences);

  comparer.compareServers();
  comparer.comparePaths();
  comparer.compareComponentSchemas();

  return differences;
}

class SpecComparer {
  constructor(
    private readonly ours: OpenApiDocument,
    private readonly reference: OpenApiDocument,
    private readonly differences: string[],
  ) {}

  compareServers(): void {
    const ourUrls = serverUrls(this.ours);
    const referenceUrls = serverUrls(this.reference);
    if (ourUrls !== referenceUrls) {
      this.differences.push(`servers: ${ourUrls}, reference ${referenceUrls}`);
    }
  }

  comparePaths(): void {
    const referencePaths = objectAt(this.reference, 'paths');

    for (const [path, ourPathItem] of Object.entries(objectAt(this.ours, 'paths'))) {
      const referencePathItem = referencePaths[path];
      if (!isObject(referencePathItem)) {
        this.differences.push(`path ${path}: not in reference`);
        continue;
      }

      for (const method of HTTP_METHODS) {
        const ourOperation = isObject(ourPathItem) ? ourPathItem[method] : undefined;
        if (!isObject(ourOperation)) {
          continue;
        }
        const label = `${method.toUpperCase()} ${path}`;
        const referenceOperation = referencePathItem[method];
        if (!isObject(referenceOperation)) {
          this.differences.push(`${label}: not in reference`);
          continue;
        }
        this.compareOperation(label, ourOperation, referenceOperation);
      }
    }
  }

  compareComponentSchemas(): void {
    const referenceSchemas = objectAt(objectAt(this.reference, 'components'), 'schemas');

    for (const [name, ourSchema] of Object.entries(
      objectAt(objectAt(this.ours, 'components'), 'schemas'),
    )) {
      const referenceSchema = referenceSchemas[name];
      if (referenceSchema === undefined) {
        this.differences.push(`schema ${name}: not in reference`);
        continue;
      }
      this.compareSchema(`schema ${name}`, ourSchema, referenceSchema, 0);
    }
  }

  private compareOperation(label: string, ours: Json, reference: Json): void {
    if (ours.operationId !== reference.operationId) {
      this.differences.push(
        `${label} operationId: ${String(ours.operationId)}, reference ${String(reference.operationId)}`,
      );
    }

    const ourSecurity = securitySchemes(ours.security ?? this.ours.security);
    const referenceSecurity = securitySchemes(reference.security ?? this.reference.security);
    if (ourSecurity !== referenceSecurity) {
      this.differences.push(`${label} security: ${ourSecurity}, reference ${referenceSecurity}`);
    }

    this.compareParameters(label, ours, reference);
    this.compareRequestBody(label, ours.requestBody, reference.requestBody);
    this.compareResponses(label, objectAt(ours, 'responses'), objectAt(reference, 'responses'));
  }

  private compareParameters(label: string, ours: Json, reference: Json): void {
    const ourParameters = this.parametersOf(this.ours, ours);
    const referenceParameters = this.parametersOf(this.reference, reference);

    for (const [key, ourParameter] of ourParameters) {
      const parameterLabel = `${label} parameter ${key}`;
      const referenceParameter = referenceParameters.get(key);
      if (referenceParameter === undefined) {
        this.differences.push(`${parameterLabel}: not in reference`);
        continue;
      }

      for (const field of ['required', 'style', 'explode'] as const) {
        const ourValue = parameterField(ourParameter, field);
        const referenceValue = parameterField(referenceParameter, field);
        if (ourValue !== referenceValue) {
          this.differences.push(
            `${parameterLabel} ${field}: ${ourValue}, reference ${referenceValue}`,
          );
        }
      }
      this.compareSchema(parameterLabel, ourParameter.schema, referenceParameter.schema, 0);
    }

    for (const [key, referenceParameter] of referenceParameters) {
      if (referenceParameter.required === true && !ourParameters.has(key)) {
        this.differences.push(`${label} parameter ${key}: required in reference but missing`);
      }
    }
  }

  private parametersOf(document: OpenApiDocument, operation: Json): Map<string, Json> {
    const parameters = new Map<string, Json>();
    for (const parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
      const resolved = resolveRef(document, parameter);
      parameters.set(`${String(resolved.in)}:${String(resolved.name)}`, resolved);
    }
    return parameters;
  }

  private compareRequestBody(label: string, ours: unknown, reference: unknown): void {
    if (ours === undefined && reference === undefined) {
      return;
    }
    if (ours === undefined || reference === undefined) {
      const where = ours === undefined ? 'only in reference' : 'not in reference';
      this.differences.push(`${label} request body: ${where}`);
      return;
    }

    const ourBody = resolveRef(this.ours, ours);
    const referenceBody = resolveRef(this.reference, reference);
    if ((ourBody.required === true) !== (referenceBody.required === true)) {
      this.differences.push(
        `${label} request body required: ${ourBody.required === true}, reference ${referenceBody.required === true}`,
      );
    }
    this.compareContent(`${label} request body`, ourBody, referenceBody);
  }

  private compareResponses(label: string, ours: Json, reference: Json): void {
    for (const [status, ourResponse] of Object.entries(ours)) {
      const responseLabel = `${label} response ${status}`;
      if (reference[status] === undefined) {
        this.differences.push(`${responseLabel}: not in reference`);
        continue;
      }

      const ourResolved = resolveRef(this.ours, ourResponse);
      const referenceResolved = resolveRef(this.reference, reference[status]);
      this.compareContent(responseLabel, ourResolved, referenceResolved);

      const referenceHeaders = objectAt(referenceResolved, 'headers');
      for (const [name, ourHeader] of Object.entries(objectAt(ourResolved, 'headers'))) {
        const referenceHeader = referenceHeaders[name];
        if (referenceHeader === undefined) {
          this.differences.push(`${responseLabel} header ${name}: not in reference`);
          continue;
        }
        this.compareSchema(
          `${responseLabel} header ${name}`,
          resolveRef(this.ours, ourHeader).schema,
          resolveRef(this.reference, referenceHeader).schema,
          0,
        );
      }
    }

    for (const status of Object.keys(reference)) {
      if (ours[status] === undefined) {
        this.differences.push(`${label} response ${status}: only in reference`);
      }
    }
  }

  private compareContent(label: string, ours: Json, reference: Json): void {
    const referenceContent = objectAt(reference, 'content');
    for (const [mediaType, ourMedia] of Object.entries(objectAt(ours, 'content'))) {
      const referenceMedia = referenceContent[mediaType];
      if (!isObject(referenceMedia) || !isObject(ourMedia)) {
        this.differences.push(`${label} ${mediaType}: not in reference`);
        continue;
      }
      this.compareSchema(`${label} ${mediaType}`, ourMedia.schema, referenceMedia.schema, 0);
    }
  }

  private compareSchema(label: string, ours: unknown, reference: unknown, depth: number): void {
    if (depth > MAX_SCHEMA_DEPTH) {
      throw new Error(
        `${label}: schemas nest deeper than ${MAX_SCHEMA_DEPTH} levels. Check the schemas for a $ref cycle.`,
      );
    }
    if (ours === undefined && reference === undefined) {
      return;
    }
    if (ours === undefined || reference === undefined) {
      this.differences.push(
        `${label}: schema ${ours === undefined ? 'only in reference' : 'not in reference'}`,
      );
      return;
    }

    const ourSchema = flattenSchema(this.ours, ours);
    const referenceSchema = flattenSchema(this.reference, reference);

    for (const keyword of ['type', 'format'] as const) {
      const ourValue = ourSchema[keyword];
      const referenceValue = referenceSchema[keyword];
      if (ourValue !== referenceValue) {
        this.differences.push(
          `${label}: ${keyword} ${String(ourValue)}, reference ${String(referenceValue)}`,
        );
      }
    }

    const ourNullable = ourSchema.nullable === true;
    const referenceNullable = referenceSchema.nullable === true;
    if (ourNullable !== referenceNullable) {
      this.differences.push(`${label}: nullable ${ourNullable}, reference ${referenceNullable}`);
    }

    this.compareEnum(label, ourSchema.enum, referenceSchema.enum);

    if (ourSchema.items !== undefined || referenceSchema.items !== undefined) {
      this.compareSchema(`${label}[]`, ourSchema.items, referenceSchema.items, depth + 1);
    }
    if (
      isObject(ourSchema.additionalProperties) ||
      isObject(referenceSchema.additionalProperties)
    ) {
      this.compareSchema(
        `${label}{}`,
        ourSchema.additionalProperties,
        referenceSchema.additionalProperties,
        depth + 1,
      );
    }

    this.compareProperties(label, ourSchema, referenceSchema, depth);
  }

  private compareEnum(label: string, ours: unknown, reference: unknown): void {
    if (ours === undefined && reference === undefined) {
      return;
    }
    const ourValues = Array.isArray(ours) ? ours.map(String) : [];
    const referenceValues = Array.isArray(reference) ? reference.map(String) : [];

    const onlyOurs = ourValues.filter((value) => !referenceValues.includes(value));
    const onlyReference = referenceValues.filter((value) => !ourValues.includes(value));
    if (
      onlyOurs.length > 0 ||
      onlyReference.length > 0 ||
      ours === undefined ||
      reference === undefined
    ) {
      this.differences.push(
        `${label}: enum values only ours [${onlyOurs.join(', ')}], only reference [${onlyReference.join(', ')}]`,
      );
    }
  }

  private compareProperties(label: string, ours: Json, reference: Json, depth: number): void {
    const referenceProperties = objectAt(reference, 'properties');
    const ourRequired = stringList(ours.required);
    const referenceRequired = stringList(reference.required);

    for (const [name, ourProperty] of Object.entries(objectAt(ours, 'properties'))) {
      const propertyLabel = `${label}.${name}`;
      if (referenceProperties[name] === undefined) {
        this.differences.push(`${propertyLabel}: not in reference`);
        continue;
      }

      const isOurRequired = ourRequired.includes(name);
      const isReferenceRequired = referenceRequired.includes(name);
      if (isOurRequired !== isReferenceRequired) {
        this.differences.push(
          `${propertyLabel}: required ${isOurRequired}, reference ${isReferenceRequired}`,
        );
      }
      this.compareSchema(propertyLabel, ourProperty, referenceProperties[name], depth + 1);
    }

    for (const name of referenceRequired) {
      if (!ourRequired.includes(name)) {
        this.differences.push(`${label}.${name}: required in reference but not ours`);
      }
    }
  }
}

/**
 * Resolves `$ref` and merges `allOf` members into one schema, so `{ allOf: [{ $ref: X }] }`
 * and `{ $ref: X }` compare equal. Keywords written next to `allOf` win over the members'.
 */
function flattenSchema(document: OpenApiDocument, schema: unknown): Json {
  const resolved = resolveRef(document, schema);
  if (!Array.isArray(resolved.allOf)) {
    return resolved;
  }

  const { allOf, ...siblings } = resolved;
  const merged: Json = {};
  for (const member of allOf) {
    const flatMember = flattenSchema(document, member);
    Object.assign(merged, flatMember, {
      properties: { ...objectAt(merged, 'properties'), ...objectAt(flatMember, 'properties') },
      required: [...stringList(merged.required), ...stringList(flatMember.required)],
    });
  }
  return { ...merged, ...siblings };
}

/** Returns a parameter field as text, with OpenAPI 3.0's default when the spec omits it. */
function parameterField(parameter: Json, field: 'required' | 'style' | 'explode'): string {
  const defaultStyle = parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple';
  const style = typeof parameter.style === 'string' ? parameter.style : defaultStyle;

  switch (field) {
    case 'required':
      return String(parameter.required === true);
    case 'style':
      return style;
    case 'explode':
      return String(typeof parameter.explode === 'boolean' ? parameter.explode : style === 'form');
  }
}

function securitySchemes(security: unknown): string {
  if (!Array.isArray(security)) {
    return 'none';
  }
  return security
    .map((requirement) =>
      isObject(requirement) ? Object.keys(requirement).sort().join(' + ') : '',
    )
    .sort()
    .join(' | ');
}

function serverUrls(document: OpenApiDocument): string {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  return servers.map((server) => (isObject(server) ? String(server.url) : '')).join(', ');
}

function objectAt(owner: unknown, key: string): Json {
  const value = isObject(owner) ? owner[key] : undefined;
  return isObject(value) ? value : {};
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
