import { readdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { isAquamvsError } from '@aquamvs/core';
import { exportMesh } from '@aquamvs/stage-surface';
import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';

const FORMATS = ['obj', 'stl', 'gltf', 'glb'] as const;

interface ExportMeshFlags {
  format?: string;
  simplify?: string;
  inputDir?: string;
  outputDir?: string;
}

/** `out/name.ply` → `dir/name.<format>` (dir defaults to the input's directory). */
function outputFor(input: string, format: string, dir?: string): string {
  const stem = basename(input, extname(input));
  return join(dir ?? resolve(input, '..'), `${stem}.${format}`);
}

/**
 * `aquamvs export-mesh [INPUT] --format obj|stl|gltf|glb [--simplify N] [--input-dir DIR] [--output-dir DIR]` (spec §6):
 * converts a PLY mesh (single file: output next to the input with the new suffix) or every `*.ply` of a directory
 * (non-recursive; a failing file is reported and the rest go on; prints `k/n succeeded`, exit 1 if any failed).
 */
export function registerExportMeshCommand(program: Command, context: CommandContext): void {
  program
    .command('export-mesh')
    .description('convert a PLY mesh (or a directory of them) to OBJ, STL, glTF or GLB')
    .argument('[input]', 'PLY mesh to convert')
    .option('--format <format>', `output format (${FORMATS.join(', ')})`)
    .option('--simplify <n>', 'decimate to about N triangles first')
    .option('--input-dir <dir>', 'convert every *.ply in this directory (not recursive)')
    .option('--output-dir <dir>', 'batch output directory (default: the input directory)')
    .action(async (input: string | undefined, flags: ExportMeshFlags) => {
      const { stdout, stderr } = context.streams;
      const format = flags.format;
      if (format === undefined) program.error("error: required option '--format <format>' not specified");
      if (!(FORMATS as readonly string[]).includes(format)) program.error(`error: --format must be one of ${FORMATS.join(', ')} (got '${format}')`);
      let simplify: number | undefined;
      if (flags.simplify !== undefined) {
        simplify = Number(flags.simplify);
        if (!Number.isSafeInteger(simplify) || simplify < 1) program.error(`error: --simplify must be an integer ≥ 1 (got '${flags.simplify}')`);
      }
      const options = simplify === undefined ? {} : { simplify };
      if ((input === undefined) === (flags.inputDir === undefined)) program.error('error: give either INPUT or --input-dir');
      if (input !== undefined) {
        const out = outputFor(input, format);
        const result = await exportMesh(input, out, options);
        for (const w of result.warnings) stderr.write(`warning: ${w}\n`);
        stdout.write(`wrote ${result.files.join(', ')} (${result.vertices} vertices, ${result.faces} faces)\n`);
        return;
      }
      const dir = flags.inputDir as string;
      const names = (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.ply'))
        .map((e) => e.name)
        .sort();
      let ok = 0;
      for (const name of names) {
        const file = join(dir, name);
        try {
          const result = await exportMesh(file, outputFor(file, format, flags.outputDir), options);
          for (const w of result.warnings) stderr.write(`warning: ${w}\n`);
          stdout.write(`wrote ${result.files.join(', ')}\n`);
          ok++;
        } catch (error) {
          if (!isAquamvsError(error)) throw error;
          stderr.write(`error ${error.code}: ${error.message}\n`);
        }
      }
      stdout.write(`${ok}/${names.length} succeeded\n`);
      if (ok < names.length) context.setExitCode(1);
    });
}
