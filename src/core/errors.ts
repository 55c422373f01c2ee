/**
 * Errors the user can act on. The CLI prints `message` as one line and exits
 * with `exitCode`; anything else is a bug and gets a stack trace only with --debug.
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_INPUT'
  | 'E_IO'
  | 'E_PIPE';

export class CachesimError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CachesimError';
    this.code = code;
    // E_PIPE: the reader of our output went away (`gen | head -1`): not a failure.
    this.exitCode = code === 'E_USAGE' ? 2 : code === 'E_PIPE' ? 0 : 1;
  }
}

/** A bad flag or argument: exit code 2. */
export function usageError(message: string): CachesimError {
  return new CachesimError('E_USAGE', message);
}

/** Bad data in a file the user gave us: exit code 1. */
export function inputError(message: string): CachesimError {
  return new CachesimError('E_INPUT', message);
}

export function isCachesimError(e: unknown): e is CachesimError {
  return e instanceof CachesimError;
}
