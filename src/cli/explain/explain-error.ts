// The error `kubectl explain` reports: its message is what kubectl prints after `error: `, and
// `output` is what kubectl has already written to stdout by then (the KIND/VERSION header when
// a field does not exist), so that the command can print both as kubectl does.
export class ExplainError extends Error {
  constructor(message: string, readonly output = '') {
    super(message);
    this.name = 'ExplainError';
  }
}
