export * from './complianceCounts';
