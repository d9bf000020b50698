// A path-resolving import-boundary rule: resolves each relative import against the importing
// file and refuses it when it lands in a folder the file's layer must not reach. (Textual
// patterns cannot tell the engine's own `voice/io` from `src/main/io`.)
import { dirname, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** @type {import('eslint').Rule.RuleModule} */
const noCrossBoundary = {
  meta: {
    type: 'problem',
    docs: { description: 'Refuses imports that cross an architecture boundary (architecture.md §2).' },
    schema: [
      {
        type: 'object',
        properties: {
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                target: { type: 'string' },
                from: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['target', 'from', 'message'],
            },
          },
        },
      },
    ],
  },
  create(context) {
    const file = context.filename;
    const zones = (context.options[0]?.zones ?? []).filter((z) => inside(file, resolve(root, z.target)));
    if (zones.length === 0) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      for (const zone of zones) {
        for (const from of zone.from) {
          if (inside(target, resolve(root, from))) {
            context.report({
              node,
              message: `${zone.message} ('${source}' resolves to ${relative(root, target)})`,
            });
            return;
          }
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

function inside(path, dir) {
  return path === dir || path.startsWith(dir + sep);
}

export default { rules: { 'no-cross-boundary': noCrossBoundary } };
