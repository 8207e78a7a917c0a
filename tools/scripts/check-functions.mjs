#!/usr/bin/env node
// The function budget: no function, method or arrow function of the packages' sources longer than 80 lines
// (a function that needs more does several jobs). Parsed with the TypeScript compiler, so a brace inside a
// string or a regular expression cannot fool it. Exits 1 and names every function over budget.
//
//   node tools/scripts/check-functions.mjs
//
// @example
// import { longFunctions } from './check-functions.mjs';
// console.log(longFunctions('.').length >= 0); // true
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { PACKAGES, sourceFiles } from './check-lines.mjs';

export const MAX_FUNCTION_LINES = 80;

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) ||
  ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);

/** The functions of one source text longer than {@link MAX_FUNCTION_LINES}: `{ name, line, lines }`. */
export function longFunctionsIn(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (isFunction(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      const name = node.name?.getText(source) ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(source) : '(anonymous)');
      if (lines > MAX_FUNCTION_LINES) found.push({ name, line: start + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every function over budget in the packages' sources: `{ pkg, file, name, line, lines }`. */
export function longFunctions(root) {
  return PACKAGES.flatMap((pkg) =>
    sourceFiles(root, pkg).flatMap((path) => longFunctionsIn(path, readFileSync(path, 'utf8')).map((f) => ({ pkg: pkg.name, file: relative(root, path), ...f }))),
  );
}

function main() {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const long = longFunctions(root);
  for (const f of long) console.log(`over budget: ${f.file}:${f.line} ${f.name} has ${f.lines} lines (at most ${MAX_FUNCTION_LINES})`);
  if (long.length === 0) console.log(`no function over ${MAX_FUNCTION_LINES} lines`);
  process.exit(long.length > 0 ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
