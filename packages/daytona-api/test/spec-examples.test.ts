import { describe, expect, test } from 'vitest';
import { collectExamples } from './support/collect-examples.js';
import { ExampleChecker } from './support/openapi-json-schema.js';
import {
  loadReferenceSpec,
  loadSpec,
  OUR_SPEC_PATH,
  REFERENCE_SPEC_PATH,
  resolveRef,
} from './support/spec-documents.js';

const spec = loadSpec(OUR_SPEC_PATH);
const checker = new ExampleChecker(spec);
const examples = collectExamples(spec);

function componentSchema(name: string): unknown {
  return resolveRef(spec, { $ref: `#/components/schemas/${name}` });
}

function componentExample(name: string): Record<string, unknown> {
  const example = resolveRef(spec, { $ref: `#/components/schemas/${name}` }).example;
  return structuredClone(example) as Record<string, unknown>;
}

describe('spec examples', () => {
  test('collector finds every kind of example', () => {
    const locations = examples.map((example) => example.location);

    expect(examples.length).toBeGreaterThan(0);
    expect(locations).toContain('components.schemas.Sandbox.example');
    expect(locations).toContain('components.schemas.ListSandboxesResponse.example');
    expect(locations).toContain('components.responses.NotFound.content.application/json.example');
    expect(
      locations.some((location) => /^paths\..*\.parameters\.\d+\.schema\.example$/.test(location)),
    ).toBe(true);
  });

  test.each(examples.map((example) => [example.location, example] as const))(
    '%s is valid',
    (_location, example) => {
      expect(checker.check(example.schema, example.value)).toBeUndefined();
    },
  );
});

describe('example checker', () => {
  test('rejects buildInfo that is not an object', () => {
    const sandbox = componentExample('Sandbox');
    sandbox.buildInfo = '';

    expect(checker.check(componentSchema('Sandbox'), sandbox)).toMatch(/buildInfo must be object/);
  });

  test('rejects a missing required property', () => {
    const sandbox = componentExample('Sandbox');
    delete sandbox.id;

    expect(checker.check(componentSchema('Sandbox'), sandbox)).toMatch(
      /must have required property 'id'/,
    );
  });

  test('accepts null only where nullable', () => {
    const schema = componentSchema('ListSandboxesResponse');
    const page = componentExample('ListSandboxesResponse');

    expect(checker.check(schema, { ...page, nextCursor: null })).toBeUndefined();
    expect(checker.check(schema, { ...page, nextCursor: 'c-2' })).toBeUndefined();
    expect(checker.check(schema, { ...page, nextCursor: 5 })).toMatch(/nextCursor/);
    expect(checker.check(schema, { ...page, items: null })).toMatch(/items/);
  });

  test('rejects an invalid date-time', () => {
    const error = componentExample('DaytonaError');
    error.timestamp = 'yesterday';

    expect(checker.check(componentSchema('DaytonaError'), error)).toMatch(
      /must match format "date-time"/,
    );
  });

  test('rejects a state outside the enum', () => {
    const sandbox = componentExample('Sandbox');
    sandbox.state = 'running';

    expect(checker.check(componentSchema('Sandbox'), sandbox)).toMatch(
      /state must be equal to one of the allowed values/,
    );
  });
});

const reference = loadReferenceSpec();

if (reference === undefined) {
  test.skip(`example checker on the published Daytona file: ${REFERENCE_SPEC_PATH} is missing`, () => {});
} else {
  describe('example checker on the published Daytona file', () => {
    test('flags its buildInfo examples', () => {
      const referenceChecker = new ExampleChecker(reference);
      const invalid = new Map(
        collectExamples(reference).map((example) => [
          example.location,
          referenceChecker.check(example.schema, example.value),
        ]),
      );

      expect(invalid.get('components.schemas.Sandbox.example')).toMatch(/buildInfo must be object/);
      expect(invalid.get('components.schemas.CreateSandbox.example')).toMatch(
        /buildInfo must be object/,
      );
    });
  });
}
