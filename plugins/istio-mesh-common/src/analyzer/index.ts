export * from './types';
export * from './messageCatalog';
export * from './formatMessage';
export * from './meshConfig';
export * from './suppression';
export * from './runAnalyzers';
export * from './allAnalyzers';
export * from './defaultNamespace';
