/**
 * Reads a queue configuration file (YAML or JSON) and validates it, mapping every issue back to the
 * file, line, column and field it came from, as policy files are (config-file.ts).
 */
import { parseConfigText, readConfigFile, type ConfigFileError } from '../config-file.ts';
import { validateQueueConfig, type QueueConfigDocument } from './queue-config.ts';

export type QueueConfigLoadResult =
  { ok: true; config: QueueConfigDocument; document: unknown } | { ok: false; errors: ConfigFileError[] };

/** Parses and validates queue configuration text; `file` names it in the errors. */
export function parseQueueConfigText(
  text: string,
  file: string,
  queues: readonly string[],
): QueueConfigLoadResult {
  const result = parseConfigText(text, file, (document) => {
    const checked = validateQueueConfig(document, queues);
    return checked.ok ? { ok: true, value: checked.config } : checked;
  });
  return result.ok ? { ok: true, config: result.value, document: result.document } : result;
}

/** Reads and validates a queue configuration file; a missing file is an error value too. */
export function loadQueueConfigFile(path: string, queues: readonly string[]): Promise<QueueConfigLoadResult> {
  return readConfigFile(path, (text, file) => parseQueueConfigText(text, file, queues));
}
