export type { GitopsSourceConfig } from './gitopsConfig';
export { readGitopsConfig } from './gitopsConfig';
export type { GitopsSourceDeps, GitopsSourceResult } from './readGitopsSource';
export { readGitopsSource } from './readGitopsSource';
export { gitopsMeshSource } from './gitopsMeshSource';
