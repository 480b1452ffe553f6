export * from './argoApplications';
export * from './clusterGitopsInputs';
export * from './desiredState';
export * from './entityGitopsInput';
export * from './resourceRefs';
export * from './trackedResources';
