import fc from 'fast-check';
import {
  absurdNumber,
  anyContentType,
  anyJsonValue,
  anyString,
  brokenJsonBody,
  formOf,
  percentEncodeBytes,
  urlComponent,
} from './hostile';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One operation of the document, with what it takes. */
export interface FuzzOperation {
  method: string;
  /** The OpenAPI path template (`/api/consumers/{key}`). */
  template: string;
  pathParameters: string[];
  queryParameters: Parameter[];
  /** The body's media type and schema, when the operation takes one. */
  body?: { mediaType: string; schema: Schema };
}

/** A request as the fuzzer sends it. */
export interface FuzzRequest {
  method: string;
  target: string;
  contentType?: string;
  body?: Buffer;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const PLACEHOLDER = /\{(\w+)\}/g;
/** Values a path parameter may be asked with beyond random text: ids of nothing, and of the first rows. */
const PATH_VALUES = ['f'.repeat(32), '0'.repeat(32), '1', '2', '0', '-1', '999999', 'approve', 'oauth2', 'profile'];

export function operationsOf(document: OpenApiDocument): FuzzOperation[] {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => {
        const content = Object.entries(operation.requestBody?.content ?? {})[0];
        return {
          method: method.toUpperCase(),
          template,
          pathParameters: [...template.matchAll(PLACEHOLDER)].map((match) => match[1]),
          queryParameters: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query'),
          body: content ? { mediaType: content[0], schema: content[1].schema ?? {} } : undefined,
        };
      }),
  );
}

/**
 * Hostile requests for one operation: path parameters random or plausible, the declared query parameters with
 * values of their type or absurd ones (repeated, as arrays, with extra names), and a body that follows the schema
 * loosely, is random JSON of any type and depth, is broken bytes, or comes with the wrong content type.
 */
export function requestsFor(operation: FuzzOperation, document: OpenApiDocument): fc.Arbitrary<FuzzRequest> {
  const pathValue = fc.oneof(
    { arbitrary: fc.constantFrom(...PATH_VALUES), weight: 2 },
    { arbitrary: urlComponent, weight: 3 },
  );
  const path = fc.tuple(...operation.pathParameters.map(() => pathValue)).map((values) => {
    let index = 0;
    return operation.template.replace(PLACEHOLDER, () => values[index++]);
  });
  const names = operation.queryParameters.map((parameter) => parameter.name);
  const typedQuery = fc
    .tuple(
      ...operation.queryParameters.map((parameter) =>
        fc.option(
          valueOf(parameter.schema ?? {}, document, 0).map((value) => `${parameter.name}=${queryValue(value)}`),
          { nil: undefined },
        ),
      ),
    )
    .map((pairs) => pairs.filter((pair) => pair !== undefined).join('&'));
  const query = fc.oneof(
    typedQuery,
    formOf([...names, 'limit', 'cursor', 'offset', 'page']),
    fc.tuple(typedQuery, formOf(names)).map(([typed, extra]) => [typed, extra].filter(Boolean).join('&')),
  );
  return fc.tuple(path, query, bodyFor(operation, document)).map(([target, search, body]) => ({
    method: operation.method,
    target: search ? `${target}?${search}` : target,
    ...body,
  }));
}

type Body = Pick<FuzzRequest, 'contentType' | 'body'>;

function bodyFor(operation: FuzzOperation, document: OpenApiDocument): fc.Arbitrary<Body> {
  const schema = operation.body?.schema ?? {};
  const json = (value: unknown): Body => ({ contentType: 'application/json', body: Buffer.from(jsonText(value)) });
  const typed = valueOf(schema, document, 0).map(json);
  const randomJson = anyJsonValue.map(json);
  const broken = fc.tuple(fc.constantFrom('application/json', 'application/json; charset=utf-8'), brokenJsonBody);
  const wrongType = fc.tuple(anyContentType, fc.oneof(typed, randomJson), formOf(propertyNames(schema, document)));
  return fc.oneof(
    { arbitrary: typed, weight: operation.body ? 4 : 0 },
    { arbitrary: randomJson, weight: 2 },
    { arbitrary: broken.map(([contentType, body]) => ({ contentType, body })), weight: 2 },
    {
      arbitrary: wrongType.map(([contentType, asJson, asForm]) => ({
        contentType,
        body: contentType?.includes('form-urlencoded') ? Buffer.from(asForm) : asJson.body,
      })),
      weight: 1,
    },
    { arbitrary: fc.constant({}), weight: 1 },
  );
}

/** A value that mostly follows the schema, and sometimes anything at all in its place. */
function valueOf(schema: Schema, document: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, document);
  const anything = depth > 3 ? anyString : anyJsonValue;
  return fc.oneof(
    { arbitrary: typedValueOf(resolved, document, depth), weight: 4 },
    { arbitrary: anything, weight: 1 },
  );
}

function typedValueOf(schema: Schema, document: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const alternatives = schema.oneOf ?? schema.anyOf ?? schema.allOf;
  if (alternatives?.length) {
    return fc.oneof(...alternatives.map((alternative) => valueOf(alternative, document, depth + 1)));
  }
  if (schema.enum?.length) {
    return fc.oneof(fc.constantFrom(...schema.enum), anyString);
  }
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer(), fc.double(), absurdNumber);
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 0, 1));
    case 'array':
      return fc.array(valueOf(schema.items ?? {}, document, depth + 1), { maxLength: 5 });
    case 'object':
    case undefined:
      if (!schema.properties) {
        return schema.type === 'object' ? anyJsonValue : anyString;
      }
      return fc.record(
        Object.fromEntries(
          Object.entries(schema.properties).map(([name, property]) => [name, valueOf(property, document, depth + 1)]),
        ),
        { requiredKeys: [] },
      );
    default:
      return anyString;
  }
}

function resolve(schema: Schema, document: OpenApiDocument): Schema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    current = document.components?.schemas?.[current.$ref.split('/').pop() ?? ''] ?? {};
  }
  return current;
}

function propertyNames(schema: Schema, document: OpenApiDocument): string[] {
  return Object.keys(resolve(schema, document).properties ?? {});
}

/** JSON text of a generated value; lone surrogates are written as the escapes a hostile client would send. */
function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function queryValue(value: unknown): string {
  return percentEncodeBytes(Buffer.from(typeof value === 'string' ? value : jsonText(value), 'utf8'));
}
