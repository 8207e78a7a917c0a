// Module resolution hook: resolve `@gradstream/*` packages to their TypeScript sources (the
// `@gradstream/source` condition listed first in each package's `exports`), as `node
// --conditions=@gradstream/source` would, for a process that cannot pass that flag itself.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@gradstream/source')
    ? context.conditions
    : ['@gradstream/source', ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}
