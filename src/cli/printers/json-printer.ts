// kubectl -o json: the object (or the List kubectl builds) through json.MarshalIndent with four
// spaces, plus a newline.
import { goJsonMarshal } from './go-json';

export function printJson(value: unknown): string {
  return goJsonMarshal(value, '    ') + '\n';
}
