import type { z } from 'zod';
import type { ValidationIssue } from './errors';

/** zod issues as `path: message` pairs, with the path prefixed by where the value sat. */
export function toValidationIssues(error: z.ZodError, prefix?: string): ValidationIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)]
      .filter((part) => part !== undefined && part !== '')
      .join('.');
    return { path: path || '(root)', message: issue.message };
  });
}

export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** Thrown when a message does not match its contract; carries the offending fields. */
export class ContractViolation extends Error {
  constructor(
    readonly subject: string,
    readonly issues: ValidationIssue[],
  ) {
    super(`invalid ${subject} message: ${describeIssues(issues)}`);
    this.name = 'ContractViolation';
  }
}
