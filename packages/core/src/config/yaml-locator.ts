import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path into the config: object keys and list indices. */
export type ConfigPath = readonly PropertyKey[];

/** Renders a path as `reconstruction.bpa_radii[1]`; the root is `(root)`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Maps config paths to `line:col` in the YAML source. Paths that moved during legacy migration are
 * translated back through `aliases` (new dotted path → original path) before the lookup.
 */
export class YamlLocator {
  constructor(
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter | undefined,
    private readonly aliases: ReadonlyMap<string, ConfigPath> = new Map(),
  ) {}

  /** `line:col` (1-based) of the value at `path`, or of its nearest ancestor present in the source. */
  position(path: ConfigPath, at: 'key' | 'value' = 'value'): string | undefined {
    if (!this.doc || !this.lines) return undefined;
    const source = this.sourcePath(path);
    let node: Node | null | undefined = this.doc.contents;
    let found: Node | null | undefined = node;
    for (const seg of source) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const key = pair.key as Node;
        node = pair.value as Node | null;
        found = at === 'key' || !node ? key : node;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        node = item;
        found = item;
      } else {
        break;
      }
    }
    const offset = found?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = this.lines.linePos(offset);
    return `${line}:${col}`;
  }

  private sourcePath(path: ConfigPath): ConfigPath {
    for (let n = path.length; n > 0; n--) {
      const alias = this.aliases.get(formatPath(path.slice(0, n)));
      if (alias) return [...alias, ...path.slice(n)];
    }
    return path;
  }
}

/** Prefixes `message` with `file:line:col path:` (line:col when known). */
export function locate(file: string, locator: YamlLocator, path: ConfigPath, message: string, at?: 'key' | 'value'): string {
  const pos = locator.position(path, at);
  return `${file}${pos ? `:${pos}` : ''} ${formatPath(path)}: ${message}`;
}
