export interface FieldIssue {
  path: string;
  message: string;
}

export type IntakeErrorCode =
  | 'method_not_allowed'
  | 'not_found'
  | 'source_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_json'
  | 'invalid_body'
  | 'org_mismatch'
  | 'unavailable';

export interface IntakeErrorBody {
  error: { code: IntakeErrorCode; message: string; issues?: FieldIssue[] };
}

export type IntakeResult =
  | { status: 204; outcome: 'published' }
  | { status: 202; outcome: 'backlogged'; body: { status: 'queued'; message: string } }
  | { status: 400 | 403 | 404 | 405 | 413 | 415 | 503; outcome: 'rejected'; body: IntakeErrorBody };

export function rejection(
  status: 400 | 403 | 404 | 405 | 413 | 415 | 503,
  code: IntakeErrorCode,
  message: string,
  issues?: FieldIssue[],
): IntakeResult {
  return { status, outcome: 'rejected', body: { error: { code, message, ...(issues ? { issues } : {}) } } };
}
