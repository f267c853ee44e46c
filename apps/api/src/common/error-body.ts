/** The one error envelope every endpoint answers with. */
export interface ErrorBody {
  error: string;
  details?: string[];
  [extra: string]: unknown;
}
