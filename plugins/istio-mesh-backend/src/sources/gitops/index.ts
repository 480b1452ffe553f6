export type { GitopsSourceConfig } from './gitopsConfig';
export { readGitopsConfig } from './gitopsConfig';
export type { DesiredManifest } from './parseDesiredManifests';
export type { GitopsSourceDeps, GitopsSourceResult } from './readGitopsSource';
export { readGitopsSource } from './readGitopsSource';
export { collectDesiredManifests } from './collectDesiredManifests';
