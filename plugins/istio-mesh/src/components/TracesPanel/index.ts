export { TracesPanel } from './TracesPanel';
