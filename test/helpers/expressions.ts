/** Contexts of a workflow expression: inputs, matrix, secrets, vars, env, github, needs (by dotted path). */
export type Ctx = Record<string, Record<string, string>>;

/**
 * Evaluates the expressions the workflows and the README use: `${{ a || b || 'literal' }}` over context
 * properties. Anything else throws, so a workflow that grows a construct this can't evaluate fails the test
 * rather than being evaluated wrongly.
 */
export function evaluate(template: string, ctx: Ctx): string {
  return template.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    for (const term of expr.split('||').map((t) => t.trim())) {
      const lit = /^'([^']*)'$/.exec(term);
      if (lit) return lit[1]!;
      // `needs.plan.outputs.x` is looked up as ctx.needs['plan.outputs.x'].
      const ref = /^([a-z]+)\.([A-Za-z0-9_.-]+)$/.exec(term);
      if (!ref) throw new Error(`the test cannot evaluate '${term}' in ${template}`);
      const value = ctx[ref[1]!]?.[ref[2]!] ?? '';
      if (value) return value;
    }
    return '';
  });
}
