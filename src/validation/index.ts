export * from './validate.js';
export * from './report.js';
export * from './tableContract.js';
export type { Issue, IssueSeverity } from '../data/issue.js';
