export * from './meshConfigInputs';
export * from './meshConfiguration';
export * from './workloadRevision';
