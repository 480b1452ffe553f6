export {
  DEFAULT_FILE_READ_LIMITS,
  FileReadBudget,
  formatBytes,
} from './fileReadLimits';
export type { FileReadLimits } from './fileReadLimits';
export { readBoundedFile, isInsideFolder } from './readBoundedFile';
export type { BoundedFileOptions } from './readBoundedFile';
export { readFolderFiles } from './readFolderFiles';
export type { FolderFiles, ReadFolderOptions } from './readFolderFiles';
export { UnreadableFileError } from './unreadableFileError';
export type { UnreadableFile } from './unreadableFileError';
