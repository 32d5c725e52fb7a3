import type { Command } from 'commander';
import { addModel } from '../models/add-model.js';
import { listModels, modelsDir, removeModel } from '../models/model-store.js';
import { describeTensors } from '../models/onnx-contract.js';
import type { CommandContext } from './command-context.js';

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function registerModelsCommand(program: Command, context: CommandContext): void {
  const { streams } = context;
  const models = program
    .command('models')
    .description(`ONNX models in the per-user cache ($AQUAMVS_MODELS_DIR, else $XDG_CACHE_HOME/aquamvs/models); configs name them by name`);

  models
    .command('list')
    .description('installed models: name, size, sha256, inputs and outputs')
    .action(async () => {
      const dir = modelsDir();
      const installed = await listModels(dir);
      if (installed.length === 0) streams.stdout.write(`no models installed in ${dir}\n`);
      for (const m of installed) {
        streams.stdout.write(
          `${m.name}  ${mib(m.bytes)}  sha256 ${m.sha256}\n  inputs: ${describeTensors(m.contract.inputs)}\n  outputs: ${describeTensors(m.contract.outputs)}\n  from ${m.source}\n`,
        );
      }
    });

  models
    .command('add')
    .description('download (resuming an interrupted download) or copy an ONNX model, verify it and install it as NAME')
    .argument('<name>', 'the name configs use, e.g. superpoint (sparse_matching.onnx.extractor: superpoint)')
    .argument('<source>', 'an http(s) URL or a file')
    .option('--sha256 <hex>', 'expected SHA-256; the model is not installed when the file differs')
    .action(async (name: string, source: string, flags: { sha256?: string }) => {
      const showProgress = streams.stderr.isTTY === true && !process.env.CI;
      let shown = '';
      const { path, info } = await addModel({
        dir: modelsDir(),
        name,
        source,
        ...(flags.sha256 === undefined ? {} : { sha256: flags.sha256 }),
        onProgress: (received, total) => {
          if (!showProgress) return;
          const text =
            total === undefined
              ? `downloading ${name}: ${mib(received)}`
              : `downloading ${name}: ${mib(received)} of ${mib(total)} (${Math.floor((100 * received) / total)} %)`;
          if (text !== shown) streams.stderr.write(`\r\x1b[2K${text}`);
          shown = text;
        },
      });
      if (shown !== '') streams.stderr.write('\n');
      streams.stdout.write(
        `installed ${name} (${mib(info.bytes)}, sha256 ${info.sha256}) → ${path}\n  inputs: ${describeTensors(info.contract.inputs)}\n  outputs: ${describeTensors(info.contract.outputs)}\n`,
      );
    });

  models
    .command('remove')
    .description('remove an installed model')
    .argument('<name>')
    .action(async (name: string) => {
      await removeModel(modelsDir(), name);
      streams.stdout.write(`removed ${name}\n`);
    });
}
