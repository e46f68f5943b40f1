// Request values for the contract suite (tests/contract.rs), made by a third party from the spec
// itself: Prism's own reader turns the document into operations with JSON Schemas (so the values
// fit what Prism will validate), and json-schema-faker, seeded per operation, writes a value for
// every parameter and for the body.
//
//   node values.mjs DOCUMENT SEED > values.json
//
// Two values per operation: `values` (every optional member, nullable ones with a value) and
// `nulls` (every optional member, nullable ones null: the explicit null an update sends to clear
// a field). Also the error statuses the document declares with a JSON body, as codes Prism can be
// asked for (`Prefer: code=N`).
import prismHttp from '@stoplight/prism-http';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { JSONSchemaFaker as jsf } from 'json-schema-faker';

const [document, seedText] = process.argv.slice(2);
if (!document) {
  console.error('usage: node values.mjs DOCUMENT SEED');
  process.exit(2);
}
const seed = Number.parseInt(seedText ?? '1', 10) >>> 0;

// mulberry32: a small seeded generator, so that a run is the same on every machine.
function generator(state) {
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0;
  return h;
}

// `null` and nothing else: `type: 'null'`, `enum: [null]`, or nullable-but-not-its-type (how
// --emit-openapi writes a nullable reference, once Prism's reader has made it `[T, 'null']`).
const isNullOnly = (s) =>
  s &&
  typeof s === 'object' &&
  (s.type === 'null' ||
    (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => v === null)) ||
    (Array.isArray(s.type) && s.type.length === 2 && s.type.includes('null') && s.not?.type === s.type.find((t) => t !== 'null')));

// A copy of a dereferenced schema (which may contain itself) that json-schema-faker can walk:
// a schema met again below itself ends the recursion (its optional members are left out, its
// arrays left empty), and nullable types pick one side, as `nulls` asks.
function prepare(schema, nulls, ancestors = []) {
  if (Array.isArray(schema)) return schema.map((s) => prepare(s, nulls, ancestors));
  if (!schema || typeof schema !== 'object') return schema;
  if (ancestors.filter((a) => a === schema).length >= 1) return null;
  const inner = [...ancestors, schema];
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'x-stoplight' || key === '$schema' || key === 'examples' || key === 'example') continue;
    if (key === 'properties') {
      out.properties = {};
      for (const [name, property] of Object.entries(value)) {
        const prepared = prepare(property, nulls, inner);
        if (prepared !== null) out.properties[name] = prepared;
        else if ((schema.required ?? []).includes(name)) out.properties[name] = {};
      }
    } else if (key === 'items') {
      const prepared = prepare(value, nulls, inner);
      if (prepared === null) out.maxItems = 0;
      else out.items = prepared;
    } else if (key === 'additionalProperties' && typeof value === 'object') {
      const prepared = prepare(value, nulls, inner);
      out.additionalProperties = prepared === null ? false : prepared;
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      const members = value.map((s) => prepare(s, nulls, inner)).filter((s) => s !== null);
      const nullMember = members.find(isNullOnly);
      if (nullMember && nulls) return { type: 'null' };
      const rest = members.filter((s) => !isNullOnly(s));
      out[key] = rest.length > 0 ? rest : members;
    } else {
      out[key] = prepare(value, nulls, inner);
    }
  }
  // OpenAPI 3.0.3: `nullable` without a `type` beside it adds nothing (Prism's reader leaves it
  // there, and AJV refuses it).
  if (out.nullable !== undefined && out.type === undefined) delete out.nullable;
  if (Array.isArray(out.type) && out.type.includes('null')) {
    const others = out.type.filter((t) => t !== 'null');
    if (nulls || others.length === 0) return { type: 'null' };
    out.type = others.length === 1 ? others[0] : others;
    if (Array.isArray(out.enum)) out.enum = out.enum.filter((v) => v !== null);
  }
  return out;
}

// json-schema-faker picks one member of a `oneOf` without checking that the value matches no
// other (a UUID of lowercase hex also fits `^[a-z][a-z0-9-]*$`), so every value is checked by
// AJV, as Prism configures it, and made again until it is valid.
const ajv = new Ajv({ strict: false, allErrors: false, allowUnionTypes: true });
addFormats(ajv);
const ATTEMPTS = 25;

function fake(schema, random, nulls, bundled) {
  // Prism's reader keeps a schema that contains itself as `$ref: '#/__bundled__/...'`, with the
  // targets beside the operation: they go beside the schema, where the reference finds them.
  const root = bundled ? { ...(schema ?? {}), __bundled__: bundled } : schema ?? {};
  const prepared = prepare(root, nulls) ?? {};
  const valid = ajv.compile(prepared);
  jsf.option({
    random,
    alwaysFakeOptionals: true,
    // No members beyond those the schema names: our types keep only those.
    fillProperties: false,
    useExamplesValue: false,
    useDefaultValue: false,
    failOnInvalidFormat: false,
    failOnInvalidTypes: false,
    maxItems: 2,
    refDepthMax: 2,
    minDateTime: '2020-01-01T00:00:00.000Z',
    maxDateTime: '2030-01-01T00:00:00.000Z',
  });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const value = jsf.generate(prepared);
    if (valid(value)) return value;
  }
  throw new Error(`no valid value in ${ATTEMPTS} attempts: ${ajv.errorsText(valid.errors)}`);
}

const isJson = (mediaType) => /^application\/(.+\+)?json\b/.test(mediaType) || mediaType === '*/*';

// A status Prism can be asked for, for each declared error response: the code itself, the first
// of its range not declared on its own (`4XX`), or one declared nowhere (`default`).
function errorCodes(responses) {
  const declared = new Set(responses.map((r) => r.code));
  const codes = [];
  for (const response of responses) {
    if (!response.contents?.some((c) => isJson(c.mediaType) && c.schema)) continue;
    const code = response.code;
    let concrete;
    if (/^[1-5]\d\d$/.test(code)) concrete = code;
    else if (/^[1-5]XX$/i.test(code)) {
      const base = Number(code[0]) * 100;
      for (let n = base; n < base + 100 && !concrete; n++) if (!declared.has(String(n))) concrete = String(n);
    } else if (code === 'default') {
      concrete = ['500', '502', '418', '409', '400'].find((c) => !declared.has(c) && !declared.has(`${c[0]}XX`));
    }
    if (concrete && !concrete.startsWith('2')) codes.push({ declared: code, code: concrete });
  }
  return codes;
}

function request(operation, random, nulls) {
  const params = {};
  const request = operation.request ?? {};
  for (const location of ['path', 'query', 'headers', 'cookie']) {
    for (const param of request[location] ?? []) {
      let schema = param.schema ?? { type: 'string' };
      // A path segment cannot be empty: `/orgs//disks` is another path.
      if (location === 'path' && schema.type === 'string' && schema.minLength === undefined) schema = { ...schema, minLength: 1 };
      params[`${location === 'headers' ? 'header' : location}:${param.name}`] = fake(schema, random, nulls, operation.__bundled__);
    }
  }
  const content = (request.body?.contents ?? []).find((c) => c.schema);
  const body = content ? { mediaType: content.mediaType, value: fake(content.schema, random, nulls, operation.__bundled__) } : null;
  return { params, body };
}

const operations = await prismHttp.getHttpOperationsFromSpec(document);
const out = {};
for (const operation of operations) {
  const key = `${operation.method.toUpperCase()} ${operation.path}`;
  const entry = { errors: errorCodes(operation.responses ?? []) };
  for (const nulls of [false, true]) {
    const random = generator(seed ^ hash(key) ^ (nulls ? 0x9e3779b9 : 0));
    // Anything json-schema-faker reaches for outside the option (its regex helper) is seeded too.
    Math.random = random;
    try {
      entry[nulls ? 'nulls' : 'values'] = request(operation, random, nulls);
    } catch (error) {
      entry[nulls ? 'nulls' : 'values'] = { error: String(error?.message ?? error) };
    }
  }
  out[key] = entry;
}
process.stdout.write(`${JSON.stringify({ operations: out }, null, 1)}\n`);
