export { RuntimePanel } from './RuntimePanel';
