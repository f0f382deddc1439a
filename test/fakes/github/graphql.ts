/**
 * A small GraphQL engine for the fake: parses the query language subset GitHub clients send (operations
 * with variables, aliases, arguments incl. input objects and enums, inline fragments) and executes it over
 * plain objects whose fields are values or resolver functions. Errors follow the GraphQL spec and GitHub's
 * shape ({ type, path, message, locations }), returned with HTTP 200.
 */

interface Field {
  kind: 'field';
  alias: string;
  name: string;
  args: Record<string, ValueNode>;
  selections?: Selection[];
}
interface InlineFragment {
  kind: 'fragment';
  on: string;
  selections: Selection[];
}
type Selection = Field | InlineFragment;
type ValueNode =
  | { kind: 'var'; name: string }
  | { kind: 'const'; value: unknown }
  | { kind: 'object'; fields: Record<string, ValueNode> }
  | { kind: 'list'; items: ValueNode[] };

export interface GqlErrorBody {
  type?: string;
  message: string;
  path?: Array<string | number>;
  locations?: Array<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

/** Thrown by resolvers: becomes an entry of `errors` (and the field null), or, when `fatal`, the only answer. */
export class GqlError extends Error {
  constructor(
    message: string,
    readonly type?: string,
    readonly fatal = false,
  ) {
    super(message);
  }
}

const TOKEN_RE =
  /\s+|,|#[^\n]*|(\.\.\.)|([{}():!$[\]=@])|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([_A-Za-z][_0-9A-Za-z]*)/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < src.length) {
    const at = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(src);
    if (!m) throw new GqlError(`Parse error on "${src.slice(at, at + 10)}" (at ${at})`, 'PARSE_ERROR', true);
    const tok = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (tok !== undefined) out.push(tok);
  }
  return out;
}

export interface Operation {
  variables: Record<string, { type: string; defaultValue?: ValueNode }>;
  selections: Selection[];
}

export function parse(src: string): Operation {
  const t = tokenize(src);
  let i = 0;
  const peek = (): string | undefined => t[i];
  const next = (): string => {
    const v = t[i++];
    if (v === undefined) throw new GqlError('Parse error: unexpected end of document', 'PARSE_ERROR', true);
    return v;
  };
  const expect = (v: string): void => {
    const got = next();
    if (got !== v) throw new GqlError(`Parse error on "${got}": expected "${v}"`, 'PARSE_ERROR', true);
  };
  const name = (): string => {
    const v = next();
    if (!/^[_A-Za-z]/.test(v))
      throw new GqlError(`Parse error on "${v}": expected a name`, 'PARSE_ERROR', true);
    return v;
  };
  const value = (): ValueNode => {
    const v = next();
    if (v === '$') return { kind: 'var', name: name() };
    if (v.startsWith('"')) return { kind: 'const', value: JSON.parse(v) };
    if (/^-?\d/.test(v)) return { kind: 'const', value: Number(v) };
    if (v === 'true' || v === 'false') return { kind: 'const', value: v === 'true' };
    if (v === 'null') return { kind: 'const', value: null };
    if (v === '{') {
      const fields: Record<string, ValueNode> = {};
      while (peek() !== '}') {
        const k = name();
        expect(':');
        fields[k] = value();
      }
      next();
      return { kind: 'object', fields };
    }
    if (v === '[') {
      const items: ValueNode[] = [];
      while (peek() !== ']') items.push(value());
      next();
      return { kind: 'list', items };
    }
    return { kind: 'const', value: v }; // enum value
  };
  const type = (): string => {
    let s: string;
    if (peek() === '[') {
      next();
      s = `[${type()}]`;
      expect(']');
    } else s = name();
    if (peek() === '!') {
      next();
      s += '!';
    }
    return s;
  };
  const selectionSet = (): Selection[] => {
    expect('{');
    const out: Selection[] = [];
    while (peek() !== '}') {
      if (peek() === '...') {
        next();
        const on = next();
        if (on !== 'on')
          throw new GqlError(
            'Parse error: named fragments are not supported by this fake',
            'PARSE_ERROR',
            true,
          );
        out.push({ kind: 'fragment', on: name(), selections: selectionSet() });
        continue;
      }
      const alias = name();
      let fieldName = alias;
      if (peek() === ':') {
        next();
        fieldName = name();
      }
      const args: Record<string, ValueNode> = {};
      if (peek() === '(') {
        next();
        while (peek() !== ')') {
          const k = name();
          expect(':');
          args[k] = value();
        }
        next();
      }
      const field: Field = { kind: 'field', alias, name: fieldName, args };
      if (peek() === '{') field.selections = selectionSet();
      out.push(field);
    }
    next();
    return out;
  };
  const variables: Operation['variables'] = {};
  if (peek() === 'query') {
    next();
    if (peek() !== '(' && peek() !== '{') name();
    if (peek() === '(') {
      next();
      while (peek() !== ')') {
        expect('$');
        const v = name();
        expect(':');
        const ty = type();
        let defaultValue: ValueNode | undefined;
        if (peek() === '=') {
          next();
          defaultValue = value();
        }
        variables[v] = { type: ty, defaultValue };
      }
      next();
    }
  } else if (peek() === 'mutation') {
    throw new GqlError('This fake serves queries only', 'PARSE_ERROR', true);
  }
  const selections = selectionSet();
  if (i !== t.length) throw new GqlError(`Parse error on "${t[i]}"`, 'PARSE_ERROR', true);
  return { variables, selections };
}

function resolveValue(v: ValueNode, vars: Record<string, unknown>): unknown {
  switch (v.kind) {
    case 'var':
      return vars[v.name] ?? null;
    case 'const':
      return v.value;
    case 'object':
      return Object.fromEntries(Object.entries(v.fields).map(([k, x]) => [k, resolveValue(x, vars)]));
    case 'list':
      return v.items.map((x) => resolveValue(x, vars));
  }
}

type Resolver = (args: Record<string, unknown>) => unknown;
/** An object of the fake's graph: `__typename` plus fields (values or resolvers). */
export type GqlObject = { __typename: string } & Record<string, unknown>;

/** Executes an operation against a root object. */
export function execute(
  op: Operation,
  root: GqlObject,
  variables: Record<string, unknown>,
): { data: unknown; errors: GqlErrorBody[] } {
  const vars: Record<string, unknown> = {};
  for (const [k, def] of Object.entries(op.variables)) {
    const given = variables[k];
    const value =
      given === undefined ? (def.defaultValue ? resolveValue(def.defaultValue, {}) : null) : given;
    if (value === null && def.type.endsWith('!')) {
      throw new GqlError(
        `Variable $${k} of type ${def.type} was provided invalid value`,
        'INVALID_VARIABLES',
        true,
      );
    }
    vars[k] = value;
  }
  const errors: GqlErrorBody[] = [];
  const run = (
    obj: GqlObject,
    selections: Selection[],
    path: Array<string | number>,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const sel of selections) {
      if (sel.kind === 'fragment') {
        if (obj.__typename === sel.on) Object.assign(out, run(obj, sel.selections, path));
        continue;
      }
      const here = [...path, sel.alias];
      if (sel.name === '__typename') {
        out[sel.alias] = obj.__typename;
        continue;
      }
      if (!(sel.name in obj)) {
        throw new GqlError(
          `Field '${sel.name}' doesn't exist on type '${obj.__typename}'`,
          'undefinedField',
          true,
        );
      }
      const args = Object.fromEntries(Object.entries(sel.args).map(([k, v]) => [k, resolveValue(v, vars)]));
      let value: unknown;
      try {
        const f = obj[sel.name];
        value = typeof f === 'function' ? (f as Resolver)(args) : f;
      } catch (e) {
        if (e instanceof GqlError && !e.fatal) {
          errors.push({ type: e.type, path: here, message: e.message, locations: [{ line: 1, column: 1 }] });
          out[sel.alias] = null;
          continue;
        }
        throw e;
      }
      out[sel.alias] = shape(value, sel, here);
    }
    return out;
  };
  const shape = (value: unknown, sel: Field, path: Array<string | number>): unknown => {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((v, i) => shape(v, sel, [...path, i]));
    if (typeof value === 'object') {
      if (!sel.selections)
        throw new GqlError(
          `Field must have selections (field '${sel.name}' returns an object)`,
          'selectionMismatch',
          true,
        );
      return run(value as GqlObject, sel.selections, path);
    }
    if (sel.selections)
      throw new GqlError(
        `Selections can't be made on scalars (field '${sel.name}')`,
        'selectionMismatch',
        true,
      );
    return value;
  };
  const data = run(root, op.selections, []);
  return { data, errors };
}

/** Relay cursor pagination as GitHub does it: first/last required, at most 100, opaque cursors. */
export function paginate<T>(
  all: readonly T[],
  args: Record<string, unknown>,
  connection: string,
  reachable = Infinity,
): { nodes: T[]; hasNextPage: boolean; endCursor: string | null } {
  const first = args.first as number | null | undefined;
  const last = args.last as number | null | undefined;
  if (first == null && last == null) {
    throw new GqlError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${connection}\` connection.`,
      'MISSING_PAGINATION_BOUNDARIES',
      true,
    );
  }
  const n = (first ?? last)!;
  if (n < 0 || n > 100) {
    throw new GqlError(
      `Requesting ${n} records on the \`${connection}\` connection exceeds the \`${first != null ? 'first' : 'last'}\` limit of 100 records.`,
      'EXCESSIVE_PAGINATION',
      true,
    );
  }
  const after = typeof args.after === 'string' ? decodeCursor(args.after) : 0;
  const limit = Math.min(all.length, reachable);
  const nodes = all.slice(after, Math.min(after + n, limit));
  const end = after + nodes.length;
  return { nodes, hasNextPage: end < limit, endCursor: nodes.length ? encodeCursor(end) : null };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`cursor:v2:${offset}`).toString('base64');
}
function decodeCursor(c: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(c, 'base64').toString());
  if (!m)
    throw new GqlError(`\`${c}\` does not appear to be a valid cursor.`, 'INVALID_CURSOR_ARGUMENTS', true);
  return Number(m[1]);
}
