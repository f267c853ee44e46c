import { parseDuration } from '../duration';

/** What an approval node does when nobody decides before its timeout. */
export const APPROVAL_TIMEOUT_ACTIONS = ['reject', 'approve', 'fail'] as const;
export type ApprovalTimeoutAction = (typeof APPROVAL_TIMEOUT_ACTIONS)[number];

/** The verb a decider sends (`POST /api/approvals/:id/decide`, the `approvalDecision` signal). */
export const APPROVAL_VERDICTS = ['approve', 'reject'] as const;
export type ApprovalVerdict = (typeof APPROVAL_VERDICTS)[number];

/** The outcome, which is also the branch label dependants select with `when`. */
export type ApprovalDecision = 'approved' | 'rejected';
export const APPROVAL_LABELS: Record<ApprovalVerdict, ApprovalDecision> = { approve: 'approved', reject: 'rejected' };

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'canceled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const DEFAULT_APPROVAL_TIMEOUT_MS = 24 * 60 * 60 * 1000;
/* Long enough for any human process; a workflow waiting longer should be re-modelled, not left hanging. */
export const MAX_APPROVAL_TIMEOUT_MS = 90 * 24 * 60 * 60 * 1000;
export const MAX_APPROVAL_TITLE = 200;
export const MAX_APPROVAL_DETAILS = 10_000;
export const MAX_APPROVERS = 50;

export interface ApprovalNodeConfig {
  title: string;
  /** A template: rendered with the run's input and earlier outputs, so the approver sees what is at stake. */
  details?: string;
  /** User ids or roles allowed to decide; empty means anyone who may decide approvals. */
  approvers?: string[];
  timeout?: number | string;
  on_timeout?: ApprovalTimeoutAction;
}

/** The settled form the workflow and the activity use: defaults applied. */
export interface ApprovalSettings {
  title: string;
  details: string | null;
  approvers: string[];
  timeoutMs: number;
  onTimeout: ApprovalTimeoutAction;
}

const isTemplate = (value: unknown) => typeof value === 'string' && value.includes('{{');

export function approvalConfigProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const known = ['title', 'details', 'approvers', 'timeout', 'on_timeout'];
  const unknown = Object.keys(config).filter((key) => !known.includes(key));
  if (unknown.length > 0) problems.push(`config: unknown field(s) ${unknown.join(', ')}`);
  if (typeof config.title !== 'string' || config.title.trim() === '') problems.push('config.title must be a non-empty string');
  else if (!isTemplate(config.title) && config.title.length > MAX_APPROVAL_TITLE)
    problems.push(`config.title must be at most ${MAX_APPROVAL_TITLE} characters`);
  if (config.details !== undefined && typeof config.details !== 'string') problems.push('config.details must be a string (templates allowed)');
  const approvers = config.approvers;
  if (approvers !== undefined) {
    const valid =
      Array.isArray(approvers) && approvers.length <= MAX_APPROVERS && approvers.every((a) => typeof a === 'string' && a.trim() !== '' && a.length <= 128);
    if (!valid) problems.push(`config.approvers must be an array of at most ${MAX_APPROVERS} user ids or roles`);
  }
  if (config.timeout !== undefined) {
    const ms = parseDuration(config.timeout);
    if (ms === undefined || ms <= 0 || ms > MAX_APPROVAL_TIMEOUT_MS)
      problems.push('config.timeout must be a positive duration of at most 90 days, such as "2h"');
  }
  if (config.on_timeout !== undefined && !APPROVAL_TIMEOUT_ACTIONS.includes(config.on_timeout as ApprovalTimeoutAction)) {
    problems.push(`config.on_timeout must be one of ${APPROVAL_TIMEOUT_ACTIONS.join(', ')}`);
  }
  return problems;
}

/** A rendered config (templates resolved) with defaults applied; rendered values are clipped, never rejected. */
export function approvalSettings(config: Record<string, unknown>): ApprovalSettings {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null));
  return {
    title: text(config.title).slice(0, MAX_APPROVAL_TITLE),
    details: config.details === undefined || config.details === null ? null : text(config.details).slice(0, MAX_APPROVAL_DETAILS),
    approvers: Array.isArray(config.approvers) ? config.approvers.map(String) : [],
    timeoutMs: parseDuration(config.timeout) ?? DEFAULT_APPROVAL_TIMEOUT_MS,
    onTimeout: (config.on_timeout as ApprovalTimeoutAction | undefined) ?? 'reject',
  };
}
