import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, errorMessage } from './errors.js';
import { didYouMean } from './suggest.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs with messages for people: an unknown flag names itself with the closest known one, and no
 * Node error code (ERR_PARSE_ARGS_…) or "To specify a positional argument…" advice is shown.
 */
export function parseFlags(
  command: string,
  args: string[],
  options: Options,
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (e) {
    const message = errorMessage(e)
      .replace(/\s*\(ERR_PARSE_ARGS_[A-Z_]+\)/, '')
      .replace(/\.? To specify .*$/, '');
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const flags = Object.keys(options).map((n) => `--${n}`);
      throw new UserError(
        `${command}: unknown option '${unknown}'${didYouMean(unknown, flags)}; see kpi-collector ${command} --help`,
      );
    }
    throw new UserError(`${command}: ${message}; see kpi-collector ${command} --help`);
  }
}
