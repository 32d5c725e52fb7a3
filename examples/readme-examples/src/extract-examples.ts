import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A fenced TypeScript/JavaScript block of a README, with the hidden setup the README gives it. */
export interface ReadmeExample {
  /** `packages/core/README.md:42` (the line of the opening fence). */
  readonly where: string;
  /** Declarations the block assumes (its `<!-- readme-example … -->` comment), prepended when checking it. */
  readonly prelude: string;
  readonly code: string;
  /** Hidden checks run after the block (the comment's lines after a `---` line), e.g. that an output exists. */
  readonly epilogue: string;
  /** Marked `<!-- readme-example run -->`: executed (in an empty temp folder), not only type-checked. */
  readonly isRunnable: boolean;
}

const FENCE = /^```(ts|typescript|js|javascript|mjs)\s*$/;
const DIRECTIVE = /^<!-- readme-example( run)?\s*$/;

/**
 * Every ts/js block of `README.md` under `dirs` (package folders). A block may be preceded (a blank line between is
 * fine) by `<!-- readme-example [run]` … `-->`: the lines inside are the block's prelude (e.g. `declare const
 * config: AquamvsConfig;` for a fragment that shows one call), which a reader does not see; lines after a `---` line
 * inside it are the epilogue, run after the block (a check that it did what its comment says).
 */
export function extractExamples(root: string, dirs: readonly string[]): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  for (const dir of dirs) {
    const file = join(dir, 'README.md');
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    let prelude: string[] | undefined;
    let epilogue: string[] = [];
    let isRunnable = false;
    for (let i = 0; i < lines.length; i += 1) {
      const directive = DIRECTIVE.exec(lines[i]);
      if (directive) {
        isRunnable = directive[1] !== undefined;
        prelude = [];
        epilogue = [];
        let target = prelude;
        for (i += 1; i < lines.length && lines[i].trim() !== '-->'; i += 1) {
          if (lines[i].trim() === '---') target = epilogue;
          else target.push(lines[i]);
        }
        continue;
      }
      if (FENCE.test(lines[i])) {
        const start = i;
        const code: string[] = [];
        for (i += 1; i < lines.length && !lines[i].startsWith('```'); i += 1) code.push(lines[i]);
        const where = `${relative(root, file)}:${start + 1}`;
        examples.push({ where, prelude: (prelude ?? []).join('\n'), code: code.join('\n'), epilogue: epilogue.join('\n'), isRunnable });
        prelude = undefined;
        epilogue = [];
        isRunnable = false;
      } else if (lines[i].trim() !== '') {
        prelude = undefined; // a directive applies only to the block right after it
        isRunnable = false;
      }
    }
  }
  return examples;
}

/** The package folders whose READMEs are checked: every workspace package. */
export function packageDirs(root: string): string[] {
  return ['packages', 'examples']
    .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .sort();
}
